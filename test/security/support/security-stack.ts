import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ServiceName, ServiceProcess, freePort } from '@postback/testing';

export interface Route {
  method: string;
  url: string;
}

const root = resolve(__dirname, '..', '..', '..');
const names: ServiceName[] = ['ingest', 'rules', 'delivery'];

/**
 * The three compiled services on the real stack, each with a preload that records Fastify's
 * route table, and the secrets of their configuration random for this run (so a test can look
 * for each one in logs and answers). ENDPOINT_SECRET_KEYS stays the development key: the suite
 * shares its database with services that use that key (endpoint-secrets.int-spec tests keys).
 */
export class SecurityStack {
  readonly adminToken = `sec-admin-${randomBytes(24).toString('hex')}`;
  readonly configSecrets = {
    INGEST_CALLER_HASH_KEY: `sec-caller-${randomBytes(24).toString('hex')}`,
    INGEST_SIGNING_SECRET_KEY: `sec-signing-${randomBytes(24).toString('hex')}`,
  };
  readonly services = {} as Record<ServiceName, ServiceProcess>;
  private readonly routeFiles = {} as Record<ServiceName, string>;

  async start(): Promise<void> {
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ...this.configSecrets,
      ADMIN_TOKEN: this.adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      INGEST_URL: `http://127.0.0.1:${ports.ingest}`,
      RULES_URL: `http://127.0.0.1:${ports.rules}`,
      LOG_LEVEL: 'debug',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      RULES_CALL_WAIT_SECONDS: '0',
      DELIVERY_RETRY_SCHEDULE: '1s,2s',
    };
    for (const name of names) {
      this.routeFiles[name] = resolve(root, '.stack-test', 'logs', `routes-${name}-${randomUUID()}.jsonl`);
      const preload = ['-r', resolve(__dirname, 'record-routes.js')];
      this.services[name] = new ServiceProcess(
        name,
        ports[name],
        { ...env, ROUTE_TABLE_FILE: this.routeFiles[name] },
        root,
        preload,
      );
      writeFileSync(this.services[name].logFile, ''); // this run's lines only
      writeFileSync(this.routeFiles[name], '');
      this.services[name].start();
    }
    await Promise.all(Object.values(this.services).map((service) => service.ready()));
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.services).map((service) => service.stop()));
  }

  /** Every route the running service's Fastify registered (OPTIONS aside). */
  routes(name: ServiceName): Route[] {
    return readFileSync(this.routeFiles[name], 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Route)
      .filter((route) => route.method !== 'OPTIONS');
  }

  admin(name: ServiceName, path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    return fetch(`${this.services[name].baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** Every log line the three services wrote in this run. */
  logs(): string {
    return names.map((name) => readFileSync(this.services[name].logFile, 'utf8')).join('\n');
  }
}
