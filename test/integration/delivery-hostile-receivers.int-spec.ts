import { randomUUID } from 'node:crypto';
import { GIF_PIXEL } from '@postback/testing';
import { DeliveryHarness } from '../support/delivery-harness';

/**
 * Receivers and values that a hostile world sends, against the compiled delivery service on the
 * real stack: whatever comes back or goes out, the attempt is recorded in PostgreSQL, the
 * delivery finishes, and nothing that succeeded is sent again.
 */
describe('delivery: hostile receivers and values', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'warn',
    DELIVERY_RETRY_SCHEDULE: '1s,2s',
    DELIVERY_TIMEOUT_MS: '2000',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '2',
  });

  beforeAll(() => h.start(), 180_000);
  afterAll(() => h.stop(), 60_000);

  it('records a 200 answered with a GIF pixel (NUL bytes) and delivers once', async () => {
    const campaign = `pixel-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script((request) =>
      h.forCampaign(campaign)(request)
        ? { status: 200, body: GIF_PIXEL, headers: { 'content-type': 'image/gif' } }
        : { status: 200 },
    );
    const decision = await h.decide(campaign);

    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect((await h.readOutcome(stored.id)).value).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(stored.attempt_count).toBe(1);
    expect(stored.attempts[0]).toMatchObject({
      status_code: 200,
      response_body_binary: true,
      response_body_base64: GIF_PIXEL.toString('base64'),
      response_body_truncated: false,
      response_content_type: 'image/gif',
    });
    expect(stored.attempts[0].response_body.startsWith('GIF89a')).toBe(true);
    expect(h.requestsFor(campaign)).toHaveLength(1);
  }, 60_000);

  it('records a request whose body and URL carry hostile custom values, exactly as sent', async () => {
    const note = 'nul \u0000 ctl \u0001\u007f quote " back \\ {call_id} 😀 é \'; DROP TABLE x; --';
    const campaign = `values-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign, {
      url_template: `${h.receiverUrl}/${campaign}?n={custom.note}`,
      method: 'POST',
      body_template: '{"note": "{custom.note}"}',
    });
    const decision = await h.decide(campaign, { custom_fields: { note } });

    const received = await h.receiver.waitFor(h.forCampaign(campaign), 30_000);
    expect(JSON.parse(received.body)).toEqual({ note });
    expect(new URL(received.url, h.receiverUrl).searchParams.get('n')).toBe(note);
    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered');
    expect(stored.attempt_count).toBe(1);
    expect(JSON.parse(stored.attempts[0].request_body!)).toEqual({ note });
    expect(h.requestsFor(campaign)).toHaveLength(1);
  }, 60_000);

  it('fails a header value that cannot be sent at once, naming the header, without opening the circuit', async () => {
    const campaign = `header-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign, { headers: { 'X-Note': '{custom.note}' } });
    // More hostile decisions than the circuit's threshold: none may count toward it.
    for (let i = 0; i < 3; i++) {
      const hostile = await h.decide(campaign, { custom_fields: { note: `a\u0001b${i}` } });
      const failed = await h.deliveryOf(endpointId, hostile.call_id, 'failed');
      expect(failed.attempt_count).toBe(0);
      expect(failed.last_error).toContain(
        'header X-Note: macro "custom.note" value contains a control character (U+0001)',
      );
    }
    expect(h.requestsFor(campaign)).toHaveLength(0);

    const clean = await h.decide(campaign, { custom_fields: { note: 'fine' } });
    const delivered = await h.deliveryOf(endpointId, clean.call_id, 'delivered');
    expect(delivered.attempts.map((a) => [a.source, a.status_code])).toEqual([['conversions.v1', 200]]);
    expect(h.requestsFor(campaign).map((r) => r.headers['x-note'])).toEqual(['fine']);
  }, 90_000);
});
