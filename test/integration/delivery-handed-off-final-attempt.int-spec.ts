import { randomUUID } from 'node:crypto';
import { type DeliveryJob, Topic } from '@postback/contracts';
import { DeliveryHarness } from '../support/delivery-harness';
import { TopicReader } from '../support/topic-reader';

/**
 * A final attempt that outlasts the first-attempt budget is handed off: it dead-letters the
 * delivery in the background, and its hand-off job comes due afterwards. That job finds the
 * delivery finished by this very process, which produced the DLQ message and the outcome: it
 * must produce neither again (it used to: two DLQ messages for one failed delivery).
 */
describe('delivery: a handed-off final attempt dead-letters once', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'info',
    // Two attempts; the hand-off job of the second comes due on the 1 s tier.
    DELIVERY_RETRY_SCHEDULE: '1s',
    DELIVERY_TIMEOUT_MS: '3000',
    DELIVERY_FIRST_ATTEMPT_BUDGET_MS: '200',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
  });
  const dlq = new TopicReader<DeliveryJob>(Topic.PostbackDlq);

  beforeAll(async () => {
    await h.start();
    await dlq.start();
  }, 180_000);
  afterAll(async () => {
    await dlq.stop();
    await h.stop();
  }, 60_000);

  it('produces one DLQ message and one failed delivery when the last attempt was handed off', async () => {
    const campaign = `slow-500-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    // Every attempt answers 500 after 600 ms: past the 200 ms budget, within the timeout.
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request) ? { status: 500, body: 'down', delayMs: 600 } : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const failed = await h.deliveryOf(endpointId, decision.call_id, 'failed', 60_000);
    expect(failed.attempt_count).toBe(2);
    expect(h.requestsFor(campaign)).toHaveLength(2);
    // Every job on the tier by now, the hand-off jobs among them, has been handled...
    await h.retryJobsConsumed('1s', 60_000);
    // ...so what they produced is on the DLQ before this marker (same key, same partition).
    const marker = await h.dlqMarker(decision.call_id);
    await dlq.waitFor((message) => message.value.delivery_id === marker);
    const messages = dlq.messages.filter((message) => message.value.delivery_id === failed.id);
    expect(messages).toHaveLength(1);
    expect(messages[0].headers['x-dlq-reason']).toBe('retries exhausted after 1 tiers: HTTP 500');
    expect(h.requestsFor(campaign)).toHaveLength(2);
  }, 120_000);
});
