import { randomUUID } from 'node:crypto';
import { TestReceiver } from '@postback/testing';
import { DeliveryHarness } from '../support/delivery-harness';

const DECISIONS = 100;

/**
 * One endpoint's slowness must not hold back another's deliveries: two real receivers, one
 * holding every answer until the test lets go (slower than any fixed delay, e.g. 10 s, and
 * independent of how loaded the machine is) and one answering at once, both wanting every
 * decision of the campaign. With more decisions than the consumer handles at once, every fast
 * postback must arrive while the slow receiver still holds all of its requests (without the
 * time box, decisions past the first round wait for the slow answers and never arrive) — and
 * then each slow delivery arrives exactly once: the background attempt's result is recorded,
 * the hand-off jobs are dropped.
 */
describe('delivery: a slow endpoint does not slow a fast one', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'warn',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    DELIVERY_RETRY_SCHEDULE: '1s,2m',
    DELIVERY_TIMEOUT_MS: '60000',
    DELIVERY_FIRST_ATTEMPT_BUDGET_MS: '500',
  });
  const slow = new TestReceiver();
  let slowUrl = '';
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    slowUrl = await slow.start();
    slow.script(() => ({ status: 200, until: held }));
    await h.start();
  }, 180_000);
  afterAll(async () => {
    release();
    await h.stop();
    await slow.stop();
  }, 60_000);

  it("delivers the fast endpoint's postbacks promptly while the slow one is busy, and the slow ones once", async () => {
    const campaign = `isolation-${randomUUID()}`;
    const fastId = await h.createEndpoint(campaign);
    const slowId = await h.createEndpoint(campaign, {
      name: `${campaign}-slow`,
      url_template: `${slowUrl}/${campaign}?call_id={call_id}`,
    });
    // The consumer has its partitions once a first decision came through (no rebalance below).
    const warm = await h.decide(campaign);
    await h.receiver.waitFor((request) => request.url.includes(warm.call_id), 60_000);

    // All decisions at once: more than the consumer handles side by side (partitions × keys).
    const calls = await Promise.all(
      Array.from({ length: DECISIONS }, async () => (await h.decide(campaign)).call_id),
    );

    const callOf = (url: string) => new URL(url, 'http://x').searchParams.get('call_id');
    await Promise.all(
      calls.map((callId) =>
        h.receiver.waitFor(
          (request) => h.forCampaign(campaign)(request) && callOf(request.url) === callId,
          90_000,
        ),
      ),
    );
    // Every fast postback arrived while the slow receiver held every request it had.
    expect(slow.requests.length).toBeGreaterThan(0);
    expect(slow.requests.filter((request) => request.answered !== undefined)).toEqual([]);
    release();

    for (const callId of calls) await h.deliveryOf(slowId, callId, 'delivered', 90_000);
    for (const callId of calls) await h.deliveryOf(fastId, callId, 'delivered');
    // The hand-off jobs came due and were dropped: still one request per call at the slow receiver.
    await h.retryJobsConsumed('2m', 150_000);
    const perCall = new Map<string, number>();
    for (const request of slow.requests.filter((r) => !r.url.includes(warm.call_id)))
      perCall.set(callOf(request.url)!, (perCall.get(callOf(request.url)!) ?? 0) + 1);
    expect([...perCall.values()].filter((count) => count !== 1)).toEqual([]);
    expect(perCall.size).toBe(DECISIONS);
  }, 420_000);

  it('shows an endpoint limit in the throttle metrics and keeps its own limits', async () => {
    const campaign = `limited-${randomUUID()}`;
    const id = await h.createEndpoint(campaign, { rate_limit_per_second: 0.2, max_in_flight: 2 });
    const shown = await h.getJson<{ rate_limit_per_second: number; max_in_flight: number }>(
      `/v1/endpoints/${id}`,
    );
    expect(shown).toMatchObject({ rate_limit_per_second: 0.2, max_in_flight: 2 });
    const refused = await h.admin('/v1/endpoints', {
      method: 'POST',
      body: { name: 'bad', url_template: `${h.receiverUrl}/x?c={call_id}`, max_in_flight: 0 },
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('max_in_flight');

    // Three at once: the first takes the token, the other two find the endpoint busy.
    const calls = await Promise.all([1, 2, 3].map(async () => (await h.decide(campaign)).call_id));
    for (const callId of calls) await h.deliveryOf(id, callId, 'delivered', 90_000);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      new RegExp(`postback_delivery_handed_off_total\\{endpoint_id="${id}",reason="busy"[^}]*\\} [1-9]`),
    );
  }, 180_000);
});
