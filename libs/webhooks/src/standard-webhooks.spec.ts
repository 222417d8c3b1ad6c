import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook, webhookSignatures, webhookSigningKey } from './standard-webhooks';

/**
 * The published Standard Webhooks test vectors, as the reference libraries test them:
 * standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts
 * (commit 10d3e46d720c4e5861a792bec25792a04ad4e2b3: "sign function works", the verify cases)
 * and libraries/python/tests/test_webhooks.py (commit 33d368b20c5543357f4f27fd13bed0703b8c5204:
 * test_sign_function, test_invalid_signature_raises_error).
 */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
/** Signatures of other messages, as the reference tests put them beside the valid one. */
const OTHER_V1 = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
const OTHER_V2 = 'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
/** The vector's signature with its last character changed (the Python tests' invalid signature). */
const ALMOST = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=';

const now = VECTOR.timestamp;
const request = (overrides: Partial<Record<'id' | 'timestamp' | 'signature', string | undefined>> = {}) => ({
  id: VECTOR.id,
  timestamp: String(VECTOR.timestamp),
  signature: VECTOR.signature,
  payloads: [VECTOR.payload],
  ...overrides,
});
/** The vector's message signed at another time, as the reference tests sign "now ± tolerance". */
const signedAt = (timestamp: number) =>
  request({
    timestamp: String(timestamp),
    signature: signWebhook(VECTOR.secret, VECTOR.id, timestamp, VECTOR.payload),
  });

describe('Standard Webhooks signing', () => {
  it('reproduces the published signature', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(VECTOR.signature);
  });

  it('takes the secret with or without its whsec_ prefix, and the payload as text or bytes', () => {
    expect(signWebhook(VECTOR.secret.slice(6), VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(
      VECTOR.signature,
    );
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, Buffer.from(VECTOR.payload))).toBe(
      VECTOR.signature,
    );
  });

  it('keys the HMAC with the decoded secret bytes, not the text', () => {
    const wrong = createHmac('sha256', VECTOR.secret).update(
      `${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.payload}`,
    );
    expect(`v1,${wrong.digest('base64')}`).not.toBe(VECTOR.signature);
  });

  it('refuses an empty secret, as the reference libraries do', () => {
    expect(() => webhookSigningKey('')).toThrow(/secret: is empty/);
    expect(() => webhookSigningKey('whsec_')).toThrow(/secret: is empty/);
  });

  it.each([
    ['id', { ...VECTOR, id: 'msg_other' }],
    ['timestamp', { ...VECTOR, timestamp: VECTOR.timestamp + 1 }],
    ['payload', { ...VECTOR, payload: '{"test": 2432232315}' }],
    ['secret', { ...VECTOR, secret: 'whsec_' + Buffer.from('another key!!').toString('base64') }],
  ])('changes when the %s changes', (_field, input) => {
    expect(signWebhook(input.secret, input.id, input.timestamp, input.payload)).not.toBe(VECTOR.signature);
  });

  it('signs with both secrets during a rotation, space-separated', () => {
    const other = 'whsec_' + Buffer.from('a second signing key').toString('base64');
    const header = webhookSignatures([VECTOR.secret, other], VECTOR.id, VECTOR.timestamp, VECTOR.payload);
    expect(header.split(' ')).toEqual([
      VECTOR.signature,
      signWebhook(other, VECTOR.id, VECTOR.timestamp, VECTOR.payload),
    ]);
  });
});

describe('Standard Webhooks verification', () => {
  it.each([
    ['the published request', request(), 'valid'],
    ['the secret without its prefix', request(), 'valid', VECTOR.secret.slice(6)],
    [
      'several signatures, one valid',
      request({ signature: [OTHER_V1, OTHER_V2, VECTOR.signature, OTHER_V1].join(' ') }),
      'valid',
    ],
    ['a signature of another message', request({ signature: OTHER_V1 }), 'mismatch'],
    ['a valid signature under another version', request({ signature: OTHER_V2 }), 'mismatch'],
    ['the published signature with one character changed', request({ signature: ALMOST }), 'mismatch'],
    ['an invalid signature', request({ signature: 'v1,dawfeoifkpqwoekfpqoekf' }), 'mismatch'],
    ['a partial signature', request({ signature: VECTOR.signature.slice(0, 8) }), 'mismatch'],
    ['an empty v1 signature', request({ signature: 'v1,' }), 'mismatch'],
    ['another id', request({ id: 'msg_other' }), 'mismatch'],
    ['no id', request({ id: undefined }), 'missing'],
    ['no timestamp', request({ timestamp: undefined }), 'missing'],
    ['no signature', request({ signature: undefined }), 'missing'],
    ['a timestamp that is not a number', request({ timestamp: 'hello' }), 'stale'],
    ['signed 5:00 ago', signedAt(now - 300), 'valid'],
    ['signed 5:01 ago (tolerance + 1 s)', signedAt(now - 301), 'stale'],
    ['signed 5:01 ahead', signedAt(now + 301), 'stale'],
  ] as const)('%s → %s', (_name, given, verdict, secret: string = VECTOR.secret) => {
    expect(verifyWebhook(secret, given, now)).toBe(verdict);
  });

  it('accepts a request when any of its possible payloads was signed', () => {
    expect(verifyWebhook(VECTOR.secret, { ...request(), payloads: ['other', VECTOR.payload] }, now)).toBe(
      'valid',
    );
    expect(verifyWebhook(VECTOR.secret, { ...request(), payloads: ['{"test": 1}'] }, now)).toBe('mismatch');
  });
});
