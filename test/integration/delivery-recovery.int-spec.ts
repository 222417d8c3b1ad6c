import { randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';

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

  beforeAll(() => h.start(), 180_000);
  afterAll(() => h.stop(), 60_000);

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
});
