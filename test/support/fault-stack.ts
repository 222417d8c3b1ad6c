import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { type ServiceName, ServiceProcess, freePort } from '@postback/testing';
import { deactivateLeftoverEndpoints } from './quiet-endpoints';
import { TcpProxy } from './tcp-proxy';

const SERVICES: ServiceName[] = ['ingest', 'rules', 'delivery'];
/** A first start on a fresh broker creates topics and coordinators; a busy CI box is slow at it. */
const READY_TIMEOUT_MS = 180_000;

/**
 * The configuration every fault run shares: short timeouts and retry tiers so that a retry or
 * dead-letter path ends within seconds, a short consumer session so that a killed member
 * leaves its group quickly, and limits high enough that the load, not a limiter, is measured.
 */
export const FAULT_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
  DELIVERY_RETRY_SCHEDULE: '1s,2s,3s',
  DELIVERY_TIMEOUT_MS: '5000',
  DELIVERY_CONNECT_TIMEOUT_MS: '1000',
  DELIVERY_CIRCUIT_COOLDOWN_MS: '1000',
  DELIVERY_ENDPOINT_CONCURRENCY: '50',
  DELIVERY_ENDPOINT_RATE_PER_SECOND: '1000',
  RULES_CALL_WAIT_SECONDS: '0',
  KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '10000',
};

export interface FaultStackOptions {
  /** Services reach PostgreSQL through a proxy the test can cut (`postgresProxy`). */
  postgresProxy?: boolean;
  env?: Record<string, string>;
}

/** The three compiled services on the test stack, with a source and an admin token of their own. */
export class FaultStack {
  readonly services = {} as Record<ServiceName, ServiceProcess>;
  readonly adminToken = `fault-admin-${randomUUID()}`;
  postgresProxy?: TcpProxy;
  apiKey = '';
  private readonly endpointIds: string[] = [];

  static async start(options: FaultStackOptions = {}): Promise<FaultStack> {
    const stack = new FaultStack();
    try {
      await stack.boot(options);
    } catch (error) {
      // Never leave services behind: they would join later runs' consumer groups.
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private async boot(options: FaultStackOptions): Promise<void> {
    await deactivateLeftoverEndpoints(process.env.DATABASE_URL!);
    let databaseUrl = process.env.DATABASE_URL!;
    if (options.postgresProxy) {
      const target = new URL(databaseUrl);
      this.postgresProxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      target.port = String(await this.postgresProxy.open());
      databaseUrl = target.toString();
    }
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ...FAULT_ENV,
      ...options.env,
      ADMIN_TOKEN: this.adminToken,
      DATABASE_URL: databaseUrl,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
    };
    const root = resolve(__dirname, '..', '..');
    for (const name of SERVICES) {
      this.services[name] = new ServiceProcess(name, ports[name], env, root);
      this.services[name].start();
    }
    await Promise.all(SERVICES.map((name) => this.services[name].ready(READY_TIMEOUT_MS)));
    const source = await this.admin('ingest', '/v1/sources', {
      name: `fault dialer ${randomUUID().slice(0, 8)}`,
      rate_limit_per_second: 10_000,
    });
    this.apiKey = (source as { api_key: { key: string } }).api_key.key;
  }

  /** A global endpoint; its id is deactivated again by `stop` (or `deactivate`). */
  async addEndpoint(name: string, urlTemplate: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { id } = (await this.admin('delivery', '/v1/endpoints', {
      name,
      url_template: urlTemplate,
      ...extra,
    })) as { id: string };
    this.endpointIds.push(id);
    return id;
  }

  /** Takes endpoints out of later runs (the shared test database outlives this file). */
  async deactivate(ids: string[] = this.endpointIds): Promise<void> {
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      await db.query('UPDATE delivery.endpoints SET active = false WHERE id = ANY($1::uuid[])', [ids]);
    } finally {
      await db.end();
    }
  }

  /** Starts a stopped service again (same port and configuration) and waits until it is ready. */
  async restart(name: ServiceName): Promise<void> {
    this.services[name].start();
    await this.services[name].ready(READY_TIMEOUT_MS);
  }

  /** Which services answer /health/ready with anything but 200 (with the answer). */
  async notReady(): Promise<string[]> {
    const answers = await Promise.all(
      SERVICES.map(async (name) => {
        const status = await fetch(`${this.services[name].baseUrl}/health/ready`, {
          signal: AbortSignal.timeout(3000),
        }).then(
          async (response) => (response.ok ? null : `${response.status} ${await response.text()}`),
          (error: Error) => error.message,
        );
        return status === null ? null : `${name}: ${status}`;
      }),
    );
    return answers.filter((answer): answer is string => answer !== null);
  }

  async stop(): Promise<void> {
    await Promise.all(SERVICES.map((name) => this.services[name]?.stop()));
    if (this.endpointIds.length > 0) await this.deactivate();
    await this.postgresProxy?.close();
  }

  private async admin(service: ServiceName, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.services[service].baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  }
}
