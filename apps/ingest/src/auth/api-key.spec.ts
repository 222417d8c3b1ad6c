import { generateApiKey, hashApiKey } from './api-key';

describe('API keys', () => {
  it('are random, prefixed and stored only as their SHA-256', () => {
    const first = generateApiKey();
    const second = generateApiKey();
    expect(first.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(first.key).not.toBe(second.key);
    expect(first.hash).toBe(hashApiKey(first.key));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.hash).not.toContain(first.key.slice(3));
    expect(first.prefix).toBe(first.key.slice(0, 9));
  });

  it('hashes with SHA-256', () => {
    expect(hashApiKey('pk_abc')).toBe('0becee1d38a2a7aaff3894472d49157cd802878c92b2985e01ac8422fe8de9af');
  });
});
