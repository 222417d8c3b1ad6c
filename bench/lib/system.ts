import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Kafka, Partitioners, type Producer, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { type ConversionDecision, TOPIC_CONTRACTS, Topic } from '@postback/contracts';
import { AvroSerde } from '@postback/kafka';
import { type ServiceName, ServiceProcess, freePort } from '@postback/testing';

// Compiled to dist/bench/bench/lib.
export const ROOT = resolve(__dirname, '..', '..', '..', '..');

/** The bench's own stack: its own state folder, ports and database, beside `npm start` and tests. */
export const BENCH = {
  stackDir: join(ROOT, '.stack-bench'),
  kafkaPort: process.env.BENCH_KAFKA_PORT ?? '59092',
  controllerPort: process.env.BENCH_KAFKA_CONTROLLER_PORT ?? '59093',
  registryPort: process.env.BENCH_SCHEMA_REGISTRY_PORT ?? '58081',
  registryManagementPort: process.env.BENCH_SCHEMA_REGISTRY_MANAGEMENT_PORT ?? '58082',
  database: process.env.BENCH_DATABASE ?? 'postback_bench',
  postgres: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
};
export const brokers = () => `127.0.0.1:${BENCH.kafkaPort}`;
export const registryUrl = () => `http://127.0.0.1:${BENCH.registryPort}/apis/ccompat/v7`;
export const databaseUrl = () => `${BENCH.postgres}/${BENCH.database}`;

/** The pid of the stack's Kafka or registry JVM (from its pid file); none when it is not running. */
export function stackPids(name: 'kafka' | 'registry'): number[] {
  try {
    return [Number(readFileSync(join(BENCH.stackDir, name, `${name}.pid`), 'utf8').trim())];
  } catch {
    return [];
  }
}

export function stack(command: 'reset' | 'start' | 'stop'): void {
  execFileSync('bash', [join(ROOT, 'deploy/local/stack.sh'), command], {
    env: {
      ...process.env,
      STACK_DIR: BENCH.stackDir,
      KAFKA_PORT: BENCH.kafkaPort,
      KAFKA_CONTROLLER_PORT: BENCH.controllerPort,
      SCHEMA_REGISTRY_PORT: BENCH.registryPort,
      SCHEMA_REGISTRY_MANAGEMENT_PORT: BENCH.registryManagementPort,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

export async function recreateDatabase(): Promise<void> {
  const client = new Client({ connectionString: `${BENCH.postgres}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${BENCH.database}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${BENCH.database}"`);
  } finally {
    await client.end();
  }
}

/**
 * The three services as compiled child processes. Settings that would otherwise cap the
 * measurement, not the code, are lifted and reported with the result.
 */
export const SERVICE_SETTINGS: Record<string, string> = {
  LOG_LEVEL: 'info',
  INGEST_RATE_LIMIT_PER_SECOND: '1000000',
  RULES_CALL_WAIT_SECONDS: '0',
  DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
  DELIVERY_ENDPOINT_RATE_PER_SECOND: '100000',
  DELIVERY_ENDPOINT_CONCURRENCY: '64',
  DELIVERY_RETRY_SCHEDULE: '1s,5s,30s',
};

export class System {
  readonly adminToken = randomBytes(16).toString('hex');
  /** Each service's instances: the first is the one every scenario uses; scale-out adds a second. */
  readonly services = { ingest: [], rules: [], delivery: [] } as Record<ServiceName, ServiceProcess[]>;
  apiKey = '';
  private env: NodeJS.ProcessEnv = {};

  /** Starts instance `instance` (default the first) of each named service, one after another. */
  async start(names: ServiceName[], instance = 0): Promise<void> {
    if (!this.env.ADMIN_TOKEN) {
      this.env = {
        ...process.env,
        ...SERVICE_SETTINGS,
        ADMIN_TOKEN: this.adminToken,
        KAFKA_BROKERS: brokers(),
        SCHEMA_REGISTRY_URL: registryUrl(),
        DATABASE_URL: databaseUrl(),
      };
    }
    // One after another: each migrates its schema and creates topics on its own.
    for (const name of names) {
      const service = (this.services[name][instance] ??= await this.instance(name));
      service.start();
      // A service now and then stalls at start-up right after the stack came up (seen while
      // registering schemas on a just-started registry); a second start gets through.
      const ready = await service.ready(60_000).then(
        () => true,
        async (error: unknown) => {
          console.warn(`[bench] ${name} did not start (${String(error)}); starting it again`);
          await service.stop('SIGKILL');
          return false;
        },
      );
      if (!ready) {
        service.start();
        await service.ready(120_000);
      }
    }
  }

  /** A new instance on a port of its own, in the same consumer groups as the others. */
  private async instance(name: ServiceName): Promise<ServiceProcess> {
    const port = await freePort();
    const env = { ...this.env, [`${name.toUpperCase()}_PORT`]: String(port) };
    // BENCH_PROFILE=ingest,rules: those services write a V8 CPU profile (on exit) to bench/tmp/profiles.
    const profiled = (process.env.BENCH_PROFILE ?? '').split(',').includes(name);
    const flags = profiled ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench', 'tmp', 'profiles')}`] : [];
    return new ServiceProcess(name, port, env, ROOT, flags);
  }

  /** SIGTERM to every instance of the named services, or to the one given. */
  async stop(names: ServiceName[], instance?: number): Promise<void> {
    const stopping = names.flatMap((name) =>
      this.services[name].filter((_, i) => instance === undefined || i === instance),
    );
    await Promise.all(stopping.map((service) => service.stop()));
  }

  /** The pids of a service's running instances. */
  pids(name: ServiceName): number[] {
    return this.services[name].flatMap((service) => (service.pid === undefined ? [] : [service.pid]));
  }

  /** Each running instance's pid, named `ingest`, `ingest#2`, … (for RSS). */
  instancePids(): Record<string, number | undefined> {
    const pids: Record<string, number | undefined> = {};
    for (const name of ['ingest', 'rules', 'delivery'] as const)
      this.services[name].forEach((service, i) => {
        if (service.pid !== undefined) pids[i === 0 ? name : `${name}#${i + 1}`] = service.pid;
      });
    return pids;
  }

  url(name: ServiceName, instance = 0): string {
    return this.services[name][instance].baseUrl;
  }

  /** The base URLs of a service's running instances. */
  urls(name: ServiceName): string[] {
    return this.services[name].filter((service) => service.pid !== undefined).map((s) => s.baseUrl);
  }

  private async admin(name: ServiceName, path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.url(name)}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /**
   * One source to send as; one endpoint for every decision pointing at the receiver; and
   * FAN_OUT - 1 more for the decisions of campaign FAN_OUT_CAMPAIGN only (so that those match
   * FAN_OUT endpoints and every other decision one), each marking its call ids `.f<n>`.
   */
  async configure(receiverUrl: string): Promise<void> {
    const source = await this.admin('ingest', '/v1/sources', { name: 'bench dialer' });
    this.apiKey = (source.api_key as { key: string }).key;
    const query = 'disposition={disposition}&value={conversion_value}&type={conversion_type}';
    await this.admin('delivery', '/v1/endpoints', {
      name: 'bench receiver',
      url_template: `${receiverUrl}/postback?call_id={call_id}&${query}`,
    });
    for (let n = 2; n <= FAN_OUT; n++)
      await this.admin('delivery', '/v1/endpoints', {
        name: `bench fan-out ${n}`,
        url_template: `${receiverUrl}/postback?call_id={call_id}.f${n}&${query}`,
        scope: { type: 'campaign', id: FAN_OUT_CAMPAIGN },
      });
  }
}

/** Endpoints a fan-out decision matches (the global one and FAN_OUT - 1 scoped to its campaign). */
export const FAN_OUT = 10;
export const FAN_OUT_CAMPAIGN = 'bench-fan-out';

/** Writes conversion decisions straight onto conversions.v1 (a backlog for delivery to drain). */
export class DecisionWriter {
  private readonly kafka = new Kafka({
    clientId: `bench-${randomUUID()}`,
    brokers: [brokers()],
    logLevel: logLevel.NOTHING,
  });
  private readonly serde = new AvroSerde(registryUrl());
  private readonly producer: Producer = this.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
  });

  async start(): Promise<void> {
    await this.serde.register(Topic.Conversions, TOPIC_CONTRACTS[Topic.Conversions]);
    await this.serde.register(Topic.Dispositions, TOPIC_CONTRACTS[Topic.Dispositions]);
    await this.producer.connect();
  }

  /** `count` decisions for calls `<prefix>-<n>`; with a campaign, of that campaign. */
  async write(prefix: string, count: number, campaignId: string | null = null): Promise<void> {
    const now = new Date();
    for (let from = 0; from < count; from += 500) {
      const messages = await Promise.all(
        Array.from({ length: Math.min(500, count - from) }, async (_, i) => {
          const decision = { ...sampleDecision(`${prefix}-${from + i}`, now), campaign_id: campaignId };
          return { key: decision.call_id, value: await this.serde.encode(Topic.Conversions, decision) };
        }),
      );
      await this.producer.send({ topic: Topic.Conversions, acks: -1, messages });
    }
  }

  /** The size of one disposition record as ingest writes it: key, Avro value and traceparent header. */
  async dispositionRecordBytes(): Promise<number> {
    const now = new Date();
    const value = await this.serde.encode(Topic.Dispositions, {
      event_id: randomUUID(),
      call_id: 'bench-12345-1234',
      source_id: randomUUID(),
      disposition: 'Sale',
      raw_disposition: 'Sale',
      disposition_mapped: false,
      value: '25.00',
      currency: null,
      occurred_at: now,
      received_at: now,
      custom_fields: {},
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    });
    return value.length + 'bench-12345-1234'.length + 'traceparent'.length + 55;
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }
}

function sampleDecision(callId: string, now: Date): ConversionDecision {
  return {
    ...{ decision_id: randomUUID(), event_id: randomUUID(), call_id: callId },
    ...{ source_id: randomUUID(), disposition: 'Sale', type: 'conversion', status: 'new' },
    ...{ value: '25.00', delta: '25.00', currency: 'USD', previous_type: null, previous_value: null },
    ...{ rule_id: 'sale', rule_version: 1, event_name: null, follow_up: false, attribution: 'unmatched' },
    ...{ campaign_id: null, publisher_id: null, buyer_id: null, click_id: null, duration_seconds: null },
    ...{ occurred_at: now, received_at: now, decided_at: now, custom_fields: {}, traceparent: null },
  };
}
