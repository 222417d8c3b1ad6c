import { randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';
import { DeliveryRows } from '../support/delivery-rows';

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
});
