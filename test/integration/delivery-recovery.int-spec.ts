import { randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';
import { DeliveryRows } from '../support/delivery-rows';
import { setTopicConfig } from '../support/topic-config';

/**
 * Delivery's state machine where it can lose or repeat work: a schedule that repeats a delay,
 * outcomes lost between recording and producing, orphaned deliveries, and the backup endpoint.
 * The compiled service on the real stack; the circuit stays out of the way (high threshold).
 */
describe('delivery: schedules, recovery and backups', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'info',
    DELIVERY_RETRY_SCHEDULE: '1s,1s,2s',
    DELIVERY_TIMEOUT_MS: '1000',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '100',
    DELIVERY_RECOVERY_INTERVAL_MS: '1000',
    DELIVERY_RECOVERY_GRACE_MS: '30000',
  });

  const rows = new DeliveryRows(h.kafka, h.serde);

  beforeAll(async () => {
    await h.start();
    await rows.start();
  }, 180_000);
  afterAll(async () => {
    await rows.stop();
    await h.stop();
  }, 60_000);

  it('walks a schedule that repeats a delay once per step, then dead-letters', async () => {
    const campaign = `repeat-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script((request) => ({ status: h.forCampaign(campaign)(request) ? 503 : 200 }));
    const decision = await h.decide(campaign);

    const failed = await h.deliveryOf(endpointId, decision.call_id, 'failed', 60_000);
    expect(failed.last_error).toBe('retries exhausted after 3 tiers: HTTP 503');
    expect(failed.attempts.map((a) => a.source)).toEqual([
      'conversions.v1',
      'postbacks.retry.1s',
      'postbacks.retry.1s',
      'postbacks.retry.2s',
    ]);
    expect(h.requestsFor(campaign)).toHaveLength(4);
    const dlq = await h.readDlq(failed.id);
    expect(dlq.headers['x-retry-attempt']).toBe('4');
    expect((await h.readOutcome(failed.id)).value).toMatchObject({ outcome: 'failed', attempts: 4 });
  }, 90_000);

  it('re-produces what follows a finished delivery when its retry job is redelivered', async () => {
    const campaign = `lost-outcome-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    const [failed, delivered] = [h.newDecision(campaign), h.newDecision(campaign)];
    // Where a crash after recording the job's attempt (the second) leaves it: nothing produced since.
    const failedId = await rows.insert(failed, endpointId, {
      status: 'failed',
      attempts: 2,
      lastError: 'permanent: HTTP 400',
    });
    const deliveredId = await rows.insert(delivered, endpointId, { status: 'delivered', attempts: 2 });
    const headers = { 'x-retry-tier-index': '0', 'x-retry-original-topic': 'conversions.v1' };
    for (const [deliveryId, decision] of [
      [failedId, failed],
      [deliveredId, delivered],
    ] as const) {
      await rows.produceJob('postbacks.retry.1s', { deliveryId, endpointId, decision, attempt: 1 }, headers);
    }

    expect((await h.readDlq(failedId)).headers['x-dlq-reason']).toBe('permanent: HTTP 400');
    expect((await h.readOutcome(failedId)).value).toMatchObject({
      outcome: 'failed',
      attempts: 2,
      error: 'permanent: HTTP 400',
    });
    expect((await h.readOutcome(deliveredId)).value).toMatchObject({ outcome: 'delivered', attempts: 2 });
    expect(h.requestsFor(campaign)).toHaveLength(0);
  }, 90_000);

  /** Refuses every produce to the topic, broker-side, until restored: a real Kafka error. */
  const maxMessageBytes = (topic: string, value: string | null) =>
    setTopicConfig(h.kafka, topic, 'max.message.bytes', value);

  it('keeps a manual retry whose job cannot be produced failed, so that it can be retried again', async () => {
    const campaign = `retry-produce-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script((request) => ({ status: h.forCampaign(campaign)(request) ? 400 : 200 }));
    const decision = await h.decide(campaign);
    const failed = await h.deliveryOf(endpointId, decision.call_id, 'failed');

    await maxMessageBytes('postbacks.retry.1s', '10');
    let refused: Response;
    try {
      refused = await h.admin(`/v1/deliveries/${failed.id}/retry`, { method: 'POST' });
    } finally {
      await maxMessageBytes('postbacks.retry.1s', null);
    }
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: 'unavailable' });
    expect((await h.getJson<{ status: string }>(`/v1/deliveries/${failed.id}`)).status).toBe('failed');

    h.receiver.script(() => ({ status: 200 }));
    expect((await h.admin(`/v1/deliveries/${failed.id}/retry`, { method: 'POST' })).status).toBe(202);
    const delivered = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(delivered.attempt_count).toBe(2);
    expect(h.requestsFor(campaign)).toHaveLength(2);
  }, 90_000);

  it('gives a delivery left retrying or pending past its due time, with no job, a job again', async () => {
    const campaign = `orphan-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script(() => ({ status: 200 }));
    const hourAgo = new Date(Date.now() - 3_600_000);
    const [retrying, pending] = [h.newDecision(campaign), h.newDecision(campaign)];
    await rows.insert(retrying, endpointId, {
      status: 'retrying',
      attempts: 1,
      lastError: 'HTTP 503',
      nextAttemptAt: hourAgo,
      updatedAt: hourAgo,
    });
    await rows.insert(pending, endpointId, { status: 'pending', attempts: 0, updatedAt: hourAgo });

    expect((await h.deliveryOf(endpointId, retrying.call_id, 'delivered')).attempt_count).toBe(2);
    expect((await h.deliveryOf(endpointId, pending.call_id, 'delivered')).attempt_count).toBe(1);
    expect(h.requestsFor(campaign)).toHaveLength(2);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    const recovered = /^postback_delivery_orphans_recovered_total(?:\{[^}]*\})? (\d+)/m.exec(metrics);
    expect(Number(recovered?.[1])).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
