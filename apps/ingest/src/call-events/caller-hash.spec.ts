import { createHmac } from 'node:crypto';
import { hashCaller } from './caller-hash';

describe('hashCaller', () => {
  const key = 'caller-hash-key-for-tests';

  it('is the HMAC-SHA256 of the E.164 number under the key', () => {
    const expected = createHmac('sha256', key).update('+14155552671').digest('hex');
    expect(hashCaller('+14155552671', key)).toBe(expected);
    expect(hashCaller('+14155552671', key)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('depends on the key and the number, and never contains the number', () => {
    const hash = hashCaller('+14155552671', key);
    expect(hashCaller('+14155552671', 'another-key-entirely')).not.toBe(hash);
    expect(hashCaller('+14155552672', key)).not.toBe(hash);
    expect(hash).not.toContain('4155552671');
  });
});
