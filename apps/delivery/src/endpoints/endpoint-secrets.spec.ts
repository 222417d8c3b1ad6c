import { randomBytes } from 'node:crypto';
import { Keyring } from '@postback/crypto';
import { type EndpointAuth } from './endpoint';
import { needsReseal, openAuth, sealAuth } from './endpoint-secrets';

describe('endpoint secrets at rest', () => {
  const old = new Keyring([{ id: 'k1', key: randomBytes(32) }]);
  const rotated = new Keyring([{ id: 'k2', key: randomBytes(32) }, ...old.keys]);
  const auths: EndpointAuth[] = [
    { type: 'header', name: 'x-api-key', value: 'header-secret' },
    { type: 'basic', username: 'acme', password: 'basic-password' },
    { type: 'standard_webhooks', secrets: ['whsec_b25l', 'whsec_dHdv'] },
  ];

  it.each(auths)('seals every secret of $type auth and opens it again', (auth) => {
    const sealed = sealAuth(auth, old, 'e1');
    const text = JSON.stringify(sealed);
    for (const secret of ['header-secret', 'basic-password', 'whsec_b25l', 'whsec_dHdv']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('enc:v1:k1:');
    if (auth.type === 'basic') expect(sealed).toMatchObject({ username: 'acme' });
    if (auth.type === 'header') expect(sealed).toMatchObject({ name: 'x-api-key' });
    expect(openAuth(sealed, old, 'e1')).toEqual(auth);
    expect(openAuth(sealed, rotated, 'e1')).toEqual(auth);
  });

  it('says which stored auths need sealing with the active key', () => {
    const auth = auths[2];
    expect(needsReseal(auth, old)).toBe(true); // plaintext
    expect(needsReseal(sealAuth(auth, old, 'e1'), old)).toBe(false);
    expect(needsReseal(sealAuth(auth, old, 'e1'), rotated)).toBe(true);
    expect(needsReseal({ type: 'none' }, old)).toBe(false);
  });

  it('passes plaintext from before encryption through, and refuses a value from another endpoint', () => {
    expect(openAuth(auths[1], old, 'e1')).toEqual(auths[1]);
    expect(() => openAuth(sealAuth(auths[1], old, 'e1'), old, 'e2')).toThrow(
      /endpoint e2 auth: key "k1" does not open/,
    );
  });
});
