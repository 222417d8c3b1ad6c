import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type ConversionDecision, Contracts, type DeliveryJob, Topic } from '@postback/contracts';
import { AvroSerde, KafkaEventProducer } from '@postback/kafka';
import { type ReceivedRequest, ServiceProcess, TestReceiver, freePort } from '@postback/testing';

export interface StoredDelivery {
  id: string;
  status: string;
  attempt_count: number;
  last_error: string | null;
  attempts: {
    status_code: number | null;
    error: string | null;
    source: string;
    target: string;
    url: string;
    request_headers: Record<string, string>;
    request_body: string | null;
    response_body: string;
    response_body_binary: boolean;
    response_body_base64: string | null;
    response_body_truncated: boolean;
    response_content_type: string | null;
  }[];
}

/**
 * The compiled delivery service as a child process on the real stack, a local receiver, a
 * producer of decisions to conversions.v1 (Avro through the real registry) and the admin API.
 */
export class DeliveryHarness {
  readonly receiver = new TestReceiver();
  readonly kafka = new Kafka({
    clientId: 'delivery-int',
    brokers: [process.env.KAFKA_BROKERS!],
    logLevel: logLevel.NOTHING,
  });
  readonly serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  private readonly producer = new KafkaEventProducer(this.kafka, this.serde);
  private readonly adminToken = `int-admin-${randomUUID()}`;
  private service!: ServiceProcess;
  receiverUrl = '';

  constructor(private readonly env: Record<string, string>) {}

  get baseUrl(): string {
    return this.service.baseUrl;
  }

  async start(): Promise<void> {
    this.receiverUrl = await this.receiver.start();
    await this.startService();
    await this.serde.register(Topic.Conversions, Contracts.ConversionDecision);
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
    await this.service.stop();
    await this.receiver.stop();
  }

  /** Kills the service (SIGKILL: a crash) and starts a new process on the same database and topics. */
  async crashAndRestart(): Promise<void> {
    await this.service.stop('SIGKILL');
    await this.startService();
  }

  async killService(): Promise<void> {
    await this.service.stop('SIGKILL');
  }

  async startService(): Promise<void> {
    const port = await freePort();
    this.service = new ServiceProcess(
      'delivery',
      port,
      { ...process.env, ...this.env, ADMIN_TOKEN: this.adminToken, DELIVERY_PORT: String(port) },
      resolve(__dirname, '..', '..'),
    );
    this.service.start();
    await this.service.ready();
  }

  /** An admin request; JSON body when given. */
  admin(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.adminToken}` };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${this.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  async getJson<T>(path: string): Promise<T> {
    const response = await this.admin(path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  /** A campaign-scoped endpoint to the receiver, so each test's decisions reach only its own endpoint. */
  async createEndpoint(campaign: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await this.admin('/v1/endpoints', {
      method: 'POST',
      body: {
        name: campaign,
        url_template: `${this.receiverUrl}/${campaign}?call_id={call_id}&value={conversion_value}`,
        scope: { type: 'campaign', id: campaign },
        ...extra,
      },
    });
    if (response.status !== 201) throw new Error(`endpoint refused: ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  }

  /**
   * A marker DeliveryJob on postbacks.dlq keyed by the call id, so on the partition of that
   * call's DLQ messages and after every one produced before it: a reader that has read the
   * marker has read them all. Its delivery id is new (no delivery has it).
   */
  async dlqMarker(callId: string): Promise<string> {
    await this.serde.register(Topic.PostbackDlq, Contracts.DeliveryJob);
    const markerId = randomUUID();
    const marker: DeliveryJob = {
      ...{ delivery_id: markerId, endpoint_id: randomUUID(), decision_id: randomUUID(), call_id: callId },
      ...{ attempt: 0, last_error: 'test marker', enqueued_at: new Date() },
    };
    await this.producer.send(Topic.PostbackDlq, [{ key: callId, value: marker }]);
    return markerId;
  }

  /** Produces a conversion decision for the campaign to conversions.v1. */
  async decide(campaign: string, overrides: Partial<ConversionDecision> = {}): Promise<ConversionDecision> {
    const decision = this.newDecision(campaign, overrides);
    await this.producer.send(Topic.Conversions, [{ key: decision.call_id, value: decision }]);
    return decision;
  }

  /** A conversion decision for the campaign, not produced anywhere. */
  newDecision(campaign: string, overrides: Partial<ConversionDecision> = {}): ConversionDecision {
    const now = new Date();
    const decision: ConversionDecision = {
      ...{ decision_id: randomUUID(), event_id: randomUUID(), call_id: `int-${randomUUID()}` },
      ...{ source_id: 'default', disposition: 'Sale', type: 'conversion', status: 'new' },
      ...{ value: '42.00', delta: '42.00', currency: 'USD', previous_type: null, previous_value: null },
      ...{ rule_id: 'sale', rule_version: 1, event_name: null, follow_up: false, attribution: 'matched' },
      ...{
        campaign_id: campaign,
        publisher_id: null,
        buyer_id: null,
        click_id: null,
        duration_seconds: null,
      },
      ...{ occurred_at: now, received_at: now, decided_at: now, custom_fields: {}, traceparent: null },
      ...overrides,
    };
    return decision;
  }

  forCampaign(campaign: string): (request: ReceivedRequest) => boolean {
    return (request) => new URL(request.url, this.receiverUrl).pathname === `/${campaign}`;
  }

  requestsFor(campaign: string): ReceivedRequest[] {
    return this.receiver.requests.filter(this.forCampaign(campaign));
  }

  /** Polls the admin API (PostgreSQL) until the call's delivery to the endpoint reaches the status. */
  async deliveryOf(
    endpointId: string,
    callId: string,
    status: string,
    timeoutMs = 30_000,
  ): Promise<StoredDelivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { items } = await this.getJson<{ items: StoredDelivery[] }>(
        `/v1/deliveries?call_id=${callId}&endpoint_id=${endpointId}`,
      );
      if (items[0]?.status === status) return this.getJson<StoredDelivery>(`/v1/deliveries/${items[0].id}`);
      if (Date.now() > deadline)
        throw new Error(`delivery of ${callId} is ${items[0]?.status ?? 'missing'}, not ${status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /**
   * Polls until the retry consumers' group has committed every job that was on the tier's topic
   * when called. Jobs produced later are not waited for: on the shared stack an earlier spec's
   * jobs for an endpoint whose circuit is open are put back on the tier for as long as it stays
   * open, so the topic's end keeps moving (what the caller waits for was produced before).
   */
  async retryJobsConsumed(tier: string, timeoutMs: number): Promise<void> {
    const topic = `postbacks.retry.${tier}`;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      const ends = await admin.fetchTopicOffsets(topic);
      for (;;) {
        const [committed] = await admin.fetchOffsets({ groupId: 'postback-delivery-retry', topics: [topic] });
        const at = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
        if (ends.every((end) => Number(end.high) === 0 || (at.get(end.partition) ?? -1) >= Number(end.high)))
          return;
        if (Date.now() > deadline) throw new Error(`retry jobs on ${topic} not all consumed`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await admin.disconnect();
    }
  }

  /** The DLQ message of a delivery, with its headers, read from the real topic. */
  readDlq(deliveryId: string): Promise<{ value: Record<string, unknown>; headers: Record<string, string> }> {
    return this.readFor(Topic.PostbackDlq, deliveryId);
  }

  /** The DeliveryOutcome of a delivery on postbacks.outcomes.v1. */
  readOutcome(
    deliveryId: string,
  ): Promise<{ value: Record<string, unknown>; headers: Record<string, string> }> {
    return this.readFor(Topic.PostbackOutcomes, deliveryId);
  }

  /** The first message on the topic about this delivery (Avro-decoded), with its headers. */
  private async readFor(
    topic: string,
    deliveryId: string,
  ): Promise<{ value: Record<string, unknown>; headers: Record<string, string> }> {
    const consumer = this.kafka.consumer({ groupId: `reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    try {
      return await new Promise((resolveFound, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${topic} for ${deliveryId}`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            // Skip what does not decode: other tests put poison on shared topics on purpose.
            const value = await this.serde.decode<Record<string, unknown>>(message.value!).catch(() => null);
            if (value?.delivery_id !== deliveryId) return;
            clearTimeout(timer);
            const headers = Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]);
            resolveFound({ value, headers: Object.fromEntries(headers) });
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }
}
