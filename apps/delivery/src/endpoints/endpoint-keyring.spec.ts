import { randomBytes } from 'node:crypto';
import { loadConfig } from '@postback/config';
import { developmentKey } from '@postback/crypto';
import { endpointKeyring } from './endpoint-keyring';

describe('endpointKeyring', () => {
  const keys = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;

  it('uses the configured keys, the first active', () => {
    const keyring = endpointKeyring(loadConfig({ NODE_ENV: 'production', ENDPOINT_SECRET_KEYS: keys }));
    expect(keyring.activeId).toBe('k2');
    expect(keyring.keys.map((key) => key.id)).toEqual(['k2', 'k1']);
  });

  it('refuses production without keys, naming the variable', () => {
    expect(() => endpointKeyring(loadConfig({ NODE_ENV: 'production' }))).toThrow(
      /ENDPOINT_SECRET_KEYS is required when NODE_ENV=production/,
    );
  });

  it.each(['development', 'test'])('falls back to the development key in %s', (env) => {
    const keyring = endpointKeyring(loadConfig({ NODE_ENV: env }));
    expect(keyring.keys).toEqual([developmentKey()]);
  });
});
