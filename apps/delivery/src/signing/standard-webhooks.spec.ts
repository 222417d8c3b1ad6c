import { createHmac } from 'node:crypto';
import { signStandardWebhook, standardWebhookSignatures } from './standard-webhooks';

/** The test vector published with the Standard Webhooks specification and its reference libraries. */
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('Standard Webhooks signing', () => {
  it('reproduces the specification test vector', () => {
    expect(signStandardWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(
      VECTOR.signature,
    );
  });

  it('accepts the secret without its whsec_ prefix, as the reference libraries do', () => {
    expect(signStandardWebhook(VECTOR.secret.slice(6), VECTOR.id, VECTOR.timestamp, VECTOR.payload)).toBe(
      VECTOR.signature,
    );
  });

  it.each([
    ['id', { ...VECTOR, id: 'msg_other' }],
    ['timestamp', { ...VECTOR, timestamp: VECTOR.timestamp + 1 }],
    ['payload', { ...VECTOR, payload: '{"test": 2432232315}' }],
    ['secret', { ...VECTOR, secret: 'whsec_' + Buffer.from('another key!!').toString('base64') }],
  ])('changes when the %s changes', (_field, input) => {
    expect(signStandardWebhook(input.secret, input.id, input.timestamp, input.payload)).not.toBe(
      VECTOR.signature,
    );
  });

  it('keys the HMAC with the decoded secret bytes, not the text', () => {
    const wrong = createHmac('sha256', VECTOR.secret).update(
      `${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.payload}`,
    );
    expect(`v1,${wrong.digest('base64')}`).not.toBe(VECTOR.signature);
  });

  it('signs with both secrets during a rotation, space-separated', () => {
    const other = 'whsec_' + Buffer.from('a second signing key').toString('base64');
    const header = standardWebhookSignatures(
      [VECTOR.secret, other],
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.payload,
    );
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(VECTOR.signature);
    expect(parts[1]).toBe(signStandardWebhook(other, VECTOR.id, VECTOR.timestamp, VECTOR.payload));
  });
});
