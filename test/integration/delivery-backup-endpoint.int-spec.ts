import { randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';

/**
 * Backup endpoints against real HTTP receivers: a delivery goes to the backup once the primary
 * has failed it `backup_after_failures` times, or at once while the primary's circuit is open;
 * the attempt log and the outcome say which one answered, and a success on the backup ends the
 * delivery — the primary is never sent to again.
 */
describe('delivery: backup endpoints', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'warn',
    DELIVERY_RETRY_SCHEDULE: '1s,2s,3s',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '3',
    DELIVERY_CIRCUIT_COOLDOWN_MS: '60000',
  });

  beforeAll(() => h.start(), 180_000);
  afterAll(() => h.stop(), 60_000);

  /** An endpoint whose primary answers 503 and whose backup (`/<campaign>-backup`) answers 200. */
  const failingPrimary = async (campaign: string, backupAfterFailures: number) => {
    const endpointId = await h.createEndpoint(campaign, {
      backup_url_template: `${h.receiverUrl}/${campaign}-backup?call_id={call_id}`,
      backup_after_failures: backupAfterFailures,
    });
    const primary = h.forCampaign(campaign);
    h.receiver.script((request) => ({ status: primary(request) ? 503 : 200 }));
    return endpointId;
  };

  it('goes to the backup after N failures of the primary; its success ends the delivery', async () => {
    const campaign = `backup-${randomUUID()}`;
    const endpointId = await failingPrimary(campaign, 2);
    const decision = await h.decide(campaign);

    const delivered = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(delivered.attempts.map((a) => [a.target, a.status_code])).toEqual([
      ['primary', 503],
      ['primary', 503],
      ['backup', 200],
    ]);
    expect(delivered.attempts[2].url).toContain(`/${campaign}-backup?`);
    expect((await h.readOutcome(delivered.id)).value).toMatchObject({
      outcome: 'delivered',
      target: 'backup',
      attempts: 3,
    });
    // Every retry job consumed: nothing more went to either URL.
    for (const tier of ['1s', '2s', '3s']) await h.retryJobsConsumed(tier, 30_000);
    expect(h.requestsFor(campaign)).toHaveLength(2);
    expect(h.requestsFor(`${campaign}-backup`)).toHaveLength(1);
  }, 90_000);

  it("goes to the backup at once while the primary's circuit is open", async () => {
    const campaign = `open-${randomUUID()}`;
    const endpointId = await failingPrimary(campaign, 10);
    // Three failures in a row (the threshold) open the primary's circuit for a minute.
    const first = await Promise.all([h.decide(campaign), h.decide(campaign), h.decide(campaign)]);
    await h.receiver.waitFor(() => h.requestsFor(campaign).length === 3, 30_000);
    for (const decision of first) await h.deliveryOf(endpointId, decision.call_id, 'delivered');

    const later = await h.decide(campaign);
    const delivered = await h.deliveryOf(endpointId, later.call_id, 'delivered');
    expect(delivered.attempts.map((a) => [a.target, a.status_code])).toEqual([['backup', 200]]);
    expect(h.requestsFor(campaign)).toHaveLength(3);
  }, 90_000);
});
