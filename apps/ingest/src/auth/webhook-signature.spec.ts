import { signWebhook, verifyWebhook } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  // The example from the Standard Webhooks specification's reference implementations.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';
  const reference = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

  it('computes the reference signature', () => {
    expect(signWebhook(secret, id, timestamp, body)).toBe(reference);
  });

  const request = (overrides: Record<string, string | undefined> = {}) => ({
    id,
    timestamp: String(timestamp),
    signature: reference,
    ...overrides,
    payloads: [overrides.body ?? body],
  });

  it.each([
    ['the reference request', {}, timestamp, 'valid'],
    ['one of several signatures', { signature: `v1,bm9wZQ== ${reference}` }, timestamp, 'valid'],
    ['4:59 late', {}, timestamp + 299, 'valid'],
    ['5:01 late', {}, timestamp + 301, 'stale'],
    ['5:01 early', {}, timestamp - 301, 'stale'],
    ['a timestamp that is not a number', { timestamp: 'soon' }, timestamp, 'stale'],
    ['another body', { body: '{"test": 1}' }, timestamp, 'mismatch'],
    ['another id', { id: 'msg_other' }, timestamp, 'mismatch'],
    ['an unknown version', { signature: reference.replace('v1,', 'v2,') }, timestamp, 'mismatch'],
    ['a truncated signature', { signature: reference.slice(0, 20) }, timestamp, 'mismatch'],
    ['no signature', { signature: undefined }, timestamp, 'missing'],
    ['no id', { id: undefined }, timestamp, 'missing'],
    ['no timestamp', { timestamp: undefined }, timestamp, 'missing'],
  ])('%s → %s', (_name, overrides, now, verdict) => {
    expect(verifyWebhook(secret, request(overrides), now)).toBe(verdict);
  });
});
