import { createHmac, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type ConversionDecision, Contracts, Topic } from '@postback/contracts';
import { AvroSerde, KafkaEventProducer } from '@postback/kafka';
import { type ReceivedRequest, ServiceProcess, TestReceiver, freePort } from '@postback/testing';

/**
 * Delivery's failure path against the real stack: the compiled delivery service as a child
 * process, decisions produced to conversions.v1 (Avro, real registry), local receivers that
 * fail, stall or succeed as scripted, and the admin API read back from PostgreSQL.
 */
describe('delivery: retries, DLQ, replay and crashes', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `int-admin-${randomUUID()}`;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const receiver = new TestReceiver();
  const kafka = new Kafka({
    clientId: 'delivery-int',
    brokers: [process.env.KAFKA_BROKERS!],
    logLevel: logLevel.NOTHING,
  });
  const serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  const producer = new KafkaEventProducer(kafka, serde);
  let receiverUrl: string;
  let env: NodeJS.ProcessEnv;
  let delivery: ServiceProcess;

  const startDelivery = async () => {
    const port = await freePort();
    delivery = new ServiceProcess('delivery', port, { ...env, DELIVERY_PORT: String(port) }, root);
    delivery.start();
    await delivery.ready();
  };

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'info',
      DELIVERY_RETRY_SCHEDULE: '1s,2s,3s',
      DELIVERY_TIMEOUT_MS: '1000',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    };
    await startDelivery();
    await serde.register(Topic.Conversions, Contracts.ConversionDecision);
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await delivery.stop();
    await receiver.stop();
  }, 60_000);

  /** A campaign-scoped endpoint, so each test's decisions reach only its own endpoint. */
  const createEndpoint = async (campaign: string, extra: Record<string, unknown> = {}) => {
    const response = await fetch(`${delivery.baseUrl}/v1/endpoints`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: campaign,
        url_template: `${receiverUrl}/${campaign}?call_id={call_id}&value={conversion_value}`,
        scope: { type: 'campaign', id: campaign },
        ...extra,
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const decide = async (campaign: string): Promise<ConversionDecision> => {
    const now = new Date();
    const decision: ConversionDecision = {
      decision_id: randomUUID(),
      event_id: randomUUID(),
      call_id: `int-${randomUUID()}`,
      source_id: 'default',
      disposition: 'Sale',
      type: 'conversion',
      status: 'new',
      value: '42.00',
      delta: '42.00',
      currency: 'USD',
      previous_type: null,
      previous_value: null,
      rule_id: 'sale',
      rule_version: 1,
      event_name: null,
      follow_up: false,
      attribution: 'matched',
      campaign_id: campaign,
      publisher_id: null,
      buyer_id: null,
      click_id: null,
      duration_seconds: null,
      occurred_at: now,
      received_at: now,
      decided_at: now,
      custom_fields: {},
      traceparent: null,
    };
    await producer.send(Topic.Conversions, [{ key: decision.call_id, value: decision }]);
    return decision;
  };

  const forCampaign = (campaign: string) => (request: ReceivedRequest) =>
    new URL(request.url, receiverUrl).pathname === `/${campaign}`;
  const requestsFor = (campaign: string) => receiver.requests.filter(forCampaign(campaign));

  const getJson = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${delivery.baseUrl}${path}`, { headers: admin });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  interface Delivery {
    id: string;
    status: string;
    attempt_count: number;
    last_error: string | null;
    attempts: {
      status_code: number | null;
      error: string | null;
      source: string;
      request_headers: Record<string, string>;
    }[];
  }

  /** Polls the admin API (PostgreSQL) until the call's delivery to the endpoint reaches the status. */
  const deliveryOf = async (
    endpointId: string,
    callId: string,
    status: string,
    timeoutMs = 30_000,
  ): Promise<Delivery> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { items } = await getJson<{ items: Delivery[] }>(
        `/v1/deliveries?call_id=${callId}&endpoint_id=${endpointId}`,
      );
      if (items[0]?.status === status) return getJson<Delivery>(`/v1/deliveries/${items[0].id}`);
      if (Date.now() > deadline)
        throw new Error(`delivery of ${callId} is ${items[0]?.status ?? 'missing'}, not ${status}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  it('delivers once, signed with Standard Webhooks, and lists the delivery', async () => {
    const campaign = `ok-${randomUUID()}`;
    const secret = `whsec_${Buffer.from('integration-test-signing-key').toString('base64')}`;
    const endpointId = await createEndpoint(campaign, {
      method: 'POST',
      body_template: '{"call_id": "{call_id}", "value": "{conversion_value}"}',
      auth: { type: 'standard_webhooks', secrets: [secret] },
    });
    const decision = await decide(campaign);

    const request = await receiver.waitFor(forCampaign(campaign), 30_000);
    expect(JSON.parse(request.body)).toEqual({ call_id: decision.call_id, value: '42.00' });
    const id = request.headers['webhook-id'] as string;
    const timestamp = request.headers['webhook-timestamp'] as string;
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);

    const stored = await deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(stored).toMatchObject({ id, attempt_count: 1 });
    expect(stored.attempts[0].request_headers['webhook-signature']).toBe('[redacted]');
  });

  it('tests an endpoint: a dry run only renders, a real test sends and answers the exact exchange', async () => {
    const campaign = `probe-${randomUUID()}`;
    const id = await createEndpoint(campaign, {
      auth: { type: 'header', name: 'X-Api-Key', value: 'key-123456' },
    });
    const shown = await getJson<{ auth: unknown }>(`/v1/endpoints/${id}`);
    expect(shown.auth).toEqual({ type: 'header', name: 'X-Api-Key' });

    const post = (query: string) =>
      fetch(`${delivery.baseUrl}/v1/endpoints/${id}/test${query}`, {
        method: 'POST',
        headers: { authorization: admin.authorization },
      });
    const dry = await post('?dry_run=true');
    expect(dry.status).toBe(200);
    const rendered = (await dry.json()) as {
      request: { url: string; headers: Record<string, string> };
      response: null;
    };
    expect(rendered.request.url).toBe(`${receiverUrl}/${campaign}?call_id=test-call-0001&value=125.50`);
    expect(rendered.request.headers['x-api-key']).toBe('[redacted]');
    expect(rendered.response).toBeNull();
    expect(requestsFor(campaign)).toHaveLength(0);

    const sent = (await (await post('')).json()) as { response: { status: number }; success: boolean };
    expect(sent).toMatchObject({ response: { status: 200 }, success: true });
    const [received] = requestsFor(campaign);
    expect(received.url).toBe(`/${campaign}?call_id=test-call-0001&value=125.50`);
    expect(received.headers['x-api-key']).toBe('key-123456');
  });

  it('refuses a target outside the allow-list without sending anything (SSRF)', async () => {
    const response = await fetch(`${delivery.baseUrl}/v1/endpoints`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: 'internal',
        url_template: 'http://127.0.0.2:9/hook?c={call_id}',
        scope: { type: 'campaign', id: `internal-${randomUUID()}` },
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const tested = await fetch(`${delivery.baseUrl}/v1/endpoints/${id}/test`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    expect(await tested.json()).toMatchObject({
      response: { status: null, error: expect.stringMatching(/^ESSRF: 127\.0\.0\.2 is a loopback address/) },
      success: false,
    });
  });

  it('retries a receiver that fails three times on the tiers, then delivers once with the same id', async () => {
    const campaign = `flaky-${randomUUID()}`;
    const endpointId = await createEndpoint(campaign);
    let seen = 0;
    receiver.script((request) =>
      forCampaign(campaign)(request) && seen++ < 3 ? { status: 503 } : { status: 200 },
    );
    const decision = await decide(campaign);

    const stored = await deliveryOf(endpointId, decision.call_id, 'delivered', 60_000);
    const requests = requestsFor(campaign);
    expect(requests.map((r) => r.answered)).toEqual([503, 503, 503, 200]);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([stored.id]));
    expect(new Set(requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([stored.id]));
    expect(stored.attempt_count).toBe(4);
    expect(stored.attempts.map((a) => [a.source, a.status_code])).toEqual([
      ['conversions.v1', 503],
      ['postbacks.retry.1s', 503],
      ['postbacks.retry.2s', 503],
      ['postbacks.retry.3s', 200],
    ]);
    // The tiers waited: each retry came at least its tier's delay (minus 20% jitter) after the one before.
    const gaps = requests.slice(1).map((r, i) => r.receivedAt - requests[i].receivedAt);
    [800, 1600, 2400].forEach((min, i) => expect(gaps[i]).toBeGreaterThanOrEqual(min));
  }, 90_000);

  it('dead-letters a permanent 400 at once, then replays it from the DLQ once the receiver is fixed', async () => {
    const campaign = `reject-${randomUUID()}`;
    const endpointId = await createEndpoint(campaign);
    receiver.script((request) =>
      forCampaign(campaign)(request) ? { status: 400, body: 'bad value' } : { status: 200 },
    );
    const decision = await decide(campaign);

    const failed = await deliveryOf(endpointId, decision.call_id, 'failed');
    expect(failed).toMatchObject({ attempt_count: 1, last_error: 'permanent: HTTP 400' });
    expect(requestsFor(campaign)).toHaveLength(1);
    const dlq = await readDlq(failed.id);
    expect(dlq.headers['x-dlq-reason']).toBe('permanent: HTTP 400');
    expect(dlq.headers['x-retry-attempt']).toBe('1');
    expect(dlq.headers['idempotency-key']).toBe(failed.id);

    receiver.script(() => ({ status: 200 }));
    const replay = await fetch(`${delivery.baseUrl}/v1/dlq/replay`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ endpoint_id: endpointId }),
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ replayed: 1, ids: [failed.id] });

    const delivered = await deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(delivered.attempt_count).toBe(2);
    expect(requestsFor(campaign).map((r) => r.headers['webhook-id'])).toEqual([failed.id, failed.id]);

    const again = await fetch(`${delivery.baseUrl}/v1/deliveries/${failed.id}/retry`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    expect(again.status).toBe(409);
  }, 60_000);

  it('retries a receiver that answers after the timeout', async () => {
    const campaign = `slow-${randomUUID()}`;
    const endpointId = await createEndpoint(campaign);
    let seen = 0;
    receiver.script((request) =>
      forCampaign(campaign)(request) && seen++ === 0 ? { status: 200, delayMs: 2500 } : { status: 200 },
    );
    const decision = await decide(campaign);

    const stored = await deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(stored.attempt_count).toBe(2);
    expect(stored.attempts[0]).toMatchObject({
      status_code: null,
      error: expect.stringMatching(/ETIMEDOUT/),
    });
    expect(stored.attempts[1]).toMatchObject({ status_code: 200, source: 'postbacks.retry.1s' });
  }, 60_000);

  it('never sends a delivered postback twice when the process is killed mid-flight and restarted', async () => {
    const campaign = `crash-${randomUUID()}`;
    const endpointId = await createEndpoint(campaign);
    let release!: () => void;
    const killed = new Promise<void>((r) => (release = r));
    let seen = 0;
    receiver.script((request) =>
      forCampaign(campaign)(request) && seen++ === 0 ? { status: 200, until: killed } : { status: 200 },
    );
    const decision = await decide(campaign);

    const first = await receiver.waitFor(forCampaign(campaign), 30_000);
    await delivery.stop('SIGKILL');
    release();
    await startDelivery();

    const stored = await deliveryOf(endpointId, decision.call_id, 'delivered', 60_000);
    expect(stored.id).toBe(first.headers['webhook-id']);

    // Kill it again after the success and replay everything it had not committed: a marker
    // decision behind ours shows the consumer has caught up, and ours was not sent again.
    await delivery.stop('SIGKILL');
    await startDelivery();
    const marker = await decide(campaign);
    await receiver.waitFor((r) => forCampaign(campaign)(r) && r.url.includes(marker.call_id), 60_000);
    const ours = requestsFor(campaign).filter((r) => r.url.includes(decision.call_id));
    expect(ours.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(ours.every((r) => r.headers['webhook-id'] === stored.id)).toBe(true);
    expect((await deliveryOf(endpointId, decision.call_id, 'delivered')).attempt_count).toBe(
      stored.attempt_count,
    );
  }, 180_000);

  /** The DLQ message of a delivery, with its headers, read from the real topic. */
  async function readDlq(deliveryId: string): Promise<{ headers: Record<string, string> }> {
    const consumer = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.PostbackDlq, fromBeginning: true });
    try {
      return await new Promise((resolveFound, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DLQ message for ${deliveryId}`)), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            const job = await serde.decode<{ delivery_id: string }>(message.value!);
            if (job.delivery_id !== deliveryId) return;
            clearTimeout(timer);
            const headers = Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            );
            resolveFound({ headers });
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }
});
