import { randomBytes } from 'node:crypto';
import { Keyring, SecretKeyError, developmentKey } from './keyring';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('Keyring', () => {
  const old = key('kid0');
  const current = key('kid1');

  it('seals with the active key, carrying its id, and opens again', () => {
    const ring = new Keyring([current, old]);
    const sealed = ring.seal('whsec_c2VjcmV0', 'endpoint:1:auth');
    expect(sealed).toMatch(/^enc:v1:kid1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('c2VjcmV0');
    expect(Keyring.keyIdOf(sealed)).toBe('kid1');
    expect(ring.open(sealed, 'endpoint:1:auth')).toBe('whsec_c2VjcmV0');
  });

  it('uses a fresh nonce each time', () => {
    const ring = new Keyring([current]);
    expect(ring.seal('same', 'c')).not.toBe(ring.seal('same', 'c'));
  });

  it('opens a value sealed under an older key after a new active key was added (rotation)', () => {
    const sealed = new Keyring([old]).seal('p@ss', 'c');
    const rotated = new Keyring([current, old]);
    expect(rotated.open(sealed, 'c')).toBe('p@ss');
    expect(Keyring.keyIdOf(rotated.seal('p@ss', 'c'))).toBe('kid1');
  });

  it('names the key id when the key is not configured', () => {
    const sealed = new Keyring([old]).seal('p@ss', 'endpoint 7 auth');
    expect(() => new Keyring([current]).open(sealed, 'endpoint 7 auth')).toThrow(
      /endpoint 7 auth: sealed with key "kid0", which is not configured \(configured: kid1\)/,
    );
  });

  it('names the key id when the key under that id is another one, or the value was changed', () => {
    const sealed = new Keyring([old]).seal('p@ss', 'c');
    expect(() => new Keyring([key('kid0')]).open(sealed, 'c')).toThrow(/key "kid0" does not open this value/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => new Keyring([old]).open(tampered, 'c')).toThrow(SecretKeyError);
  });

  it('binds a value to its context, so it does not open in another row', () => {
    const ring = new Keyring([current]);
    expect(() => ring.open(ring.seal('s', 'endpoint:a:auth'), 'endpoint:b:auth')).toThrow(/does not open/);
  });

  it('refuses bad keyrings and values that are not sealed', () => {
    expect(() => new Keyring([])).toThrow(/at least one key/);
    expect(() => new Keyring([{ id: 'short', key: randomBytes(16) }])).toThrow(/"short" must be 32 bytes/);
    expect(() => new Keyring([old, { ...old }])).toThrow(/unique/);
    expect(() => new Keyring([old]).open('plaintext', 'c')).toThrow(/not a sealed value/);
    expect(Keyring.keyIdOf('plaintext')).toBeNull();
  });

  it('has a stable development key', () => {
    expect(developmentKey()).toEqual(developmentKey());
    expect(developmentKey().key).toHaveLength(32);
  });
});
