import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Infrastructure, REPO_ROOT, TEST_DATABASE } from './infrastructure';

/** The tests' own stack: separate state folder and ports, so it can run beside `npm start`. */
export const TEST_STACK_ENV = {
  STACK_DIR: join(REPO_ROOT, '.stack-test'),
  KAFKA_PORT: process.env.TEST_KAFKA_PORT ?? '19092',
  KAFKA_CONTROLLER_PORT: process.env.TEST_KAFKA_CONTROLLER_PORT ?? '19093',
  SCHEMA_REGISTRY_PORT: process.env.TEST_SCHEMA_REGISTRY_PORT ?? '18081',
  SCHEMA_REGISTRY_MANAGEMENT_PORT: process.env.TEST_SCHEMA_REGISTRY_MANAGEMENT_PORT ?? '18082',
};

function stack(command: 'reset' | 'start' | 'stop'): void {
  execFileSync('bash', [join(REPO_ROOT, 'deploy/local/stack.sh'), command], {
    env: { ...process.env, ...TEST_STACK_ENV },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Starts a fresh Kafka and registry from the Maven Central artifacts; PostgreSQL is the local server. */
export function startLocalStack(): Infrastructure {
  stack('reset');
  stack('start');
  const postgres = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
  return {
    kafkaBrokers: `127.0.0.1:${TEST_STACK_ENV.KAFKA_PORT}`,
    schemaRegistryUrl: `http://127.0.0.1:${TEST_STACK_ENV.SCHEMA_REGISTRY_PORT}/apis/ccompat/v7`,
    databaseUrl: `${postgres}/${TEST_DATABASE}`,
    kind: 'local-stack',
  };
}

export function stopLocalStack(): void {
  stack('stop');
}

/**
 * Stops only the test stack's Kafka broker (the registry keeps running, so schema ids stay
 * valid) and resolves once its process is gone; `startTestKafka` brings it back.
 */
export async function stopTestKafka(timeoutMs = 60_000): Promise<void> {
  await stopStackProcess('kafka', timeoutMs);
}

/** Stops only the test stack's schema registry (Kafka keeps running); `startTestStackAsync` brings it back. */
export async function stopTestRegistry(timeoutMs = 60_000): Promise<void> {
  await stopStackProcess('registry', timeoutMs);
}

/**
 * Starts whatever part of the test stack is down and waits until it is healthy, without blocking
 * the test's event loop (its load generator and receivers keep running meanwhile).
 */
export async function startTestStackAsync(): Promise<void> {
  await promisify(execFile)('bash', [join(REPO_ROOT, 'deploy/local/stack.sh'), 'start'], {
    env: { ...process.env, ...TEST_STACK_ENV },
  });
}

/** True when this checkout's test stack runs (its broker and registry can be stopped and started). */
export function testStackRunning(): boolean {
  return ['kafka', 'registry'].every((name) => {
    const file = join(TEST_STACK_ENV.STACK_DIR, name, `${name}.pid`);
    return existsSync(file) && alive(Number(readFileSync(file, 'utf8').trim()));
  });
}

async function stopStackProcess(name: 'kafka' | 'registry', timeoutMs: number): Promise<void> {
  const pid = Number(readFileSync(join(TEST_STACK_ENV.STACK_DIR, name, `${name}.pid`), 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${pid}) still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts whatever part of the test stack is not running and waits until it is healthy. */
export function startTestKafka(): void {
  stack('start');
}

/** True when the tests' broker is the embedded test stack's (started by global setup or by hand). */
export function runsOnTestStack(): boolean {
  if (process.env.POSTBACK_TEST_INFRA === 'local-stack') return true;
  return (
    process.env.KAFKA_BROKERS === `127.0.0.1:${TEST_STACK_ENV.KAFKA_PORT}` &&
    existsSync(join(TEST_STACK_ENV.STACK_DIR, 'kafka', 'kafka.pid'))
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
