import { deriveSigningSecret } from './signing-secret';
import { signWebhook, verifyWebhook } from '@postback/webhooks';

describe('deriveSigningSecret', () => {
  const key = 'a-service-key-of-sixteen+';

  it('is stable for one source and version, and differs otherwise', () => {
    const secret = deriveSigningSecret(key, 'source-a', 1);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(deriveSigningSecret(key, 'source-a', 1)).toBe(secret);
    expect(deriveSigningSecret(key, 'source-a', 2)).not.toBe(secret);
    expect(deriveSigningSecret(key, 'source-b', 1)).not.toBe(secret);
    expect(deriveSigningSecret('another-service-key-16', 'source-a', 1)).not.toBe(secret);
  });

  it('signs and verifies as a Standard Webhooks secret', () => {
    const secret = deriveSigningSecret(key, 'source-a', 1);
    const now = 1_800_000_000;
    const signature = signWebhook(secret, 'msg_1', now, 'call_id=c1');
    expect(
      verifyWebhook(
        secret,
        { id: 'msg_1', timestamp: String(now), signature, payloads: ['call_id=c1'] },
        now,
      ),
    ).toBe('valid');
    const rotated = deriveSigningSecret(key, 'source-a', 2);
    expect(
      verifyWebhook(
        rotated,
        { id: 'msg_1', timestamp: String(now), signature, payloads: ['call_id=c1'] },
        now,
      ),
    ).toBe('mismatch');
  });
});
