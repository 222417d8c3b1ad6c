import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { type CallEvent, type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { ServiceProcess, freePort } from '@postback/testing';
import { TopicClient } from './topic-client';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the expectations
export type Json = Record<string, any>;

/**
 * The compiled rules service as a child process against the real stack, with what its
 * tests need around it: the admin API, a reader of conversions.v1 that can also produce
 * call events and dispositions, and a PostgreSQL client to look at its tables.
 */
export class RulesHarness {
  readonly token = `rules-admin-${randomUUID()}`;
  readonly topics = new TopicClient<ConversionDecision>(
    process.env.KAFKA_BROKERS!,
    process.env.SCHEMA_REGISTRY_URL!,
    Topic.Conversions,
  );
  readonly db = new Client({ connectionString: process.env.DATABASE_URL });
  service!: ServiceProcess;

  constructor(private readonly env: Record<string, string>) {}

  async start(): Promise<void> {
    const port = await freePort();
    this.service = new ServiceProcess(
      'rules',
      port,
      {
        ...process.env,
        ...this.env,
        ADMIN_TOKEN: this.token,
        RULES_PORT: String(port),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
        DATABASE_URL: process.env.DATABASE_URL!,
      },
      resolve(__dirname, '..', '..'),
    );
    this.service.start();
    await this.service.ready(); // it creates the topics on a fresh broker
    await this.topics.start([Topic.CallEvents, Topic.Dispositions]);
    await this.db.connect();
  }

  async stop(): Promise<void> {
    await this.topics.stop();
    await this.db.end();
    await this.service.stop();
  }

  async api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.service.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Json };
  }
}

export const callEvent = (callId: string, campaignId: string, overrides: Partial<CallEvent>): CallEvent => ({
  event_id: randomUUID(),
  call_id: callId,
  source_id: 'test-dialer',
  type: 'started',
  campaign_id: campaignId,
  publisher_id: 'pub-7',
  buyer_id: 'buyer-3',
  click_id: 'clk-99',
  caller_hash: null,
  duration_seconds: null,
  occurred_at: new Date(),
  received_at: new Date(),
  custom_fields: {},
  traceparent: null,
  ...overrides,
});

export const disposition = (
  callId: string,
  label: string,
  overrides: Partial<Disposition> = {},
): Disposition => ({
  event_id: randomUUID(),
  call_id: callId,
  source_id: 'test-dialer',
  disposition: label,
  raw_disposition: label,
  disposition_mapped: true,
  value: null,
  currency: null,
  occurred_at: new Date(),
  received_at: new Date(),
  custom_fields: {},
  traceparent: null,
  ...overrides,
});
