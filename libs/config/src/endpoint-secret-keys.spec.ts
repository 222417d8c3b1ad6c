import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './load-config';

describe('ENDPOINT_SECRET_KEYS', () => {
  const base64 = () => randomBytes(32).toString('base64');

  it('is empty when unset', () => {
    expect(loadConfig({}).endpointSecretKeys).toEqual([]);
  });

  it('reads key ids and 32-byte keys, the active one first', () => {
    const [active, old] = [base64(), base64()];
    const keys = loadConfig({ ENDPOINT_SECRET_KEYS: `k2:${active}, k1:${old}` }).endpointSecretKeys;
    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(keys[0].key).toEqual(Buffer.from(active, 'base64'));
    expect(keys[1].key).toHaveLength(32);
  });

  it.each([
    ['a key of 16 bytes', () => `k1:${randomBytes(16).toString('base64')}`],
    ['no key id', () => base64()],
    ['a repeated key id', () => `k1:${base64()},k1:${base64()}`],
    ['a key id with a space', () => `k 1:${base64()}`],
  ])('refuses %s, naming the variable and hiding the value', (_case, value) => {
    const raw = value();
    let error: unknown;
    try {
      loadConfig({ ENDPOINT_SECRET_KEYS: raw });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(
      /ENDPOINT_SECRET_KEYS: expected .*<key id>:<base64 of 32 bytes>.*\(value hidden\)/,
    );
    expect(problems).not.toContain(raw.split(':').at(-1));
  });
});
