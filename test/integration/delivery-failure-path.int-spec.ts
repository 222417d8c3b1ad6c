import { createHmac, randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';

/**
 * Delivery's failure path against the real stack: the compiled delivery service as a child
 * process, decisions produced to conversions.v1 (Avro, real registry), a local receiver that
 * fails, stalls or succeeds as scripted, and the admin API read back from PostgreSQL. A short
 * retry schedule comes from configuration.
 */
describe('delivery: retries, DLQ, replay and crashes', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'info',
    DELIVERY_RETRY_SCHEDULE: '1s,2s,3s',
    DELIVERY_TIMEOUT_MS: '1000',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    // A killed instance keeps its partitions for a session timeout; the crash tests restart twice.
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
  });

  beforeAll(() => h.start(), 180_000);
  afterAll(() => h.stop(), 60_000);

  it('delivers once, signed with Standard Webhooks, and lists the delivery', async () => {
    const campaign = `ok-${randomUUID()}`;
    const secret = `whsec_${Buffer.from('integration-test-signing-key').toString('base64')}`;
    const endpointId = await h.createEndpoint(campaign, {
      method: 'POST',
      body_template: '{"call_id": "{call_id}", "value": "{conversion_value}"}',
      auth: { type: 'standard_webhooks', secrets: [secret] },
    });
    const decision = await h.decide(campaign);

    const request = await h.receiver.waitFor(h.forCampaign(campaign), 30_000);
    expect(JSON.parse(request.body)).toEqual({ call_id: decision.call_id, value: '42.00' });
    const id = request.headers['webhook-id'] as string;
    const timestamp = request.headers['webhook-timestamp'] as string;
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${expected}`);

    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(stored).toMatchObject({ id, attempt_count: 1 });
    expect(stored.attempts[0].request_headers['webhook-signature']).toBe('[redacted]');
    const outcome = await h.readOutcome(id);
    expect(outcome.value).toMatchObject({ outcome: 'delivered', attempts: 1, status_code: 200, error: null });
  });

  it('tests an endpoint: a dry run only renders, a real test sends and answers the exact exchange', async () => {
    const campaign = `probe-${randomUUID()}`;
    const id = await h.createEndpoint(campaign, {
      auth: { type: 'header', name: 'X-Api-Key', value: 'key-123456' },
    });
    const shown = await h.getJson<{ auth: unknown }>(`/v1/endpoints/${id}`);
    expect(shown.auth).toEqual({ type: 'header', name: 'X-Api-Key' });

    const post = (query: string) => h.admin(`/v1/endpoints/${id}/test${query}`, { method: 'POST' });
    const dry = await post('?dry_run=true');
    expect(dry.status).toBe(200);
    const rendered = (await dry.json()) as {
      request: { url: string; headers: Record<string, string> };
      response: null;
    };
    expect(rendered.request.url).toBe(`${h.receiverUrl}/${campaign}?call_id=test-call-0001&value=125.50`);
    expect(rendered.request.headers['x-api-key']).toBe('[redacted]');
    expect(rendered.response).toBeNull();
    expect(h.requestsFor(campaign)).toHaveLength(0);

    const sent = (await (await post('')).json()) as { response: { status: number }; success: boolean };
    expect(sent).toMatchObject({ response: { status: 200 }, success: true });
    const [received] = h.requestsFor(campaign);
    expect(received.url).toBe(`/${campaign}?call_id=test-call-0001&value=125.50`);
    expect(received.headers['x-api-key']).toBe('key-123456');
  });

  it('refuses a target outside the allow-list without sending anything (SSRF)', async () => {
    const id = await h.createEndpoint(`internal-${randomUUID()}`, {
      url_template: 'http://127.0.0.2:9/hook?c={call_id}',
    });
    const tested = await h.admin(`/v1/endpoints/${id}/test`, { method: 'POST' });
    expect(await tested.json()).toMatchObject({
      response: { status: null, error: expect.stringMatching(/^ESSRF: 127\.0\.0\.2 is a loopback address/) },
      success: false,
    });
  });

  it('retries a receiver that fails three times on the tiers, then delivers once with the same id', async () => {
    const campaign = `flaky-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    let seen = 0;
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request) && seen++ < 3 ? { status: 503 } : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered', 60_000);
    const requests = h.requestsFor(campaign);
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
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request) ? { status: 400, body: 'bad value' } : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const failed = await h.deliveryOf(endpointId, decision.call_id, 'failed');
    expect(failed).toMatchObject({ attempt_count: 1, last_error: 'permanent: HTTP 400' });
    expect(h.requestsFor(campaign)).toHaveLength(1);
    const dlq = await h.readDlq(failed.id);
    expect(dlq.headers['x-dlq-reason']).toBe('permanent: HTTP 400');
    expect(dlq.headers['x-retry-attempt']).toBe('1');
    expect(dlq.headers['idempotency-key']).toBe(failed.id);
    expect(dlq.value).toMatchObject({
      delivery_id: failed.id,
      attempt: 1,
      last_error: 'permanent: HTTP 400',
    });
    expect((await h.readOutcome(failed.id)).value).toMatchObject({
      outcome: 'failed',
      attempts: 1,
      status_code: 400,
      error: 'permanent: HTTP 400',
    });

    h.receiver.script(() => ({ status: 200 }));
    const replay = await h.admin('/v1/dlq/replay', { method: 'POST', body: { endpoint_id: endpointId } });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ replayed: 1, ids: [failed.id] });

    const delivered = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(delivered.attempt_count).toBe(2);
    expect(h.requestsFor(campaign).map((r) => r.headers['webhook-id'])).toEqual([failed.id, failed.id]);

    const again = await h.admin(`/v1/deliveries/${failed.id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);
  }, 60_000);

  it('retries a receiver that answers after the timeout', async () => {
    const campaign = `slow-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    let seen = 0;
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request) && seen++ === 0 ? { status: 200, delayMs: 2500 } : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(stored.attempt_count).toBe(2);
    expect(stored.attempts[0]).toMatchObject({
      status_code: null,
      error: expect.stringMatching(/ETIMEDOUT/),
    });
    expect(stored.attempts[1]).toMatchObject({ status_code: 200, source: 'postbacks.retry.1s' });
  }, 60_000);

  it('never sends a delivered postback twice when the process is killed mid-flight and restarted', async () => {
    const campaign = `crash-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    let release!: () => void;
    const killed = new Promise<void>((r) => (release = r));
    let seen = 0;
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request) && seen++ === 0 ? { status: 200, until: killed } : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const ours = () => h.requestsFor(campaign).filter((r) => r.url.includes(decision.call_id));
    const first = await h.receiver.waitFor(h.forCampaign(campaign), 30_000);
    await h.killService(); // mid-flight: the receiver holds the request, the sender dies waiting
    release();
    await h.startService();

    // The uncommitted decision is consumed again and sent again, with the same id; the success
    // is recorded once (the request in flight at the crash was never seen to succeed).
    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered', 60_000);
    expect(stored.id).toBe(first.headers['webhook-id']);
    expect(stored.attempts.filter((a) => a.status_code === 200)).toHaveLength(1);
    const sentUntilSuccess = ours().length;
    expect(sentUntilSuccess).toBeGreaterThanOrEqual(2);

    // Kill it again after the success: whatever it replays, a marker decision behind ours
    // shows the consumer has caught up, and ours was not sent again.
    await h.crashAndRestart();
    const marker = await h.decide(campaign);
    await h.receiver.waitFor((r) => h.forCampaign(campaign)(r) && r.url.includes(marker.call_id), 60_000);
    expect(ours()).toHaveLength(sentUntilSuccess);
    expect(ours().every((r) => r.headers['webhook-id'] === stored.id)).toBe(true);
    expect((await h.deliveryOf(endpointId, decision.call_id, 'delivered')).attempt_count).toBe(
      stored.attempt_count,
    );
  }, 180_000);
});
