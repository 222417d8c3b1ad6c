import { type Config } from '@postback/config';
import { Keyring, developmentKey } from '@postback/crypto';

/**
 * The keys of endpoints' secrets at rest. Production refuses to start without them; elsewhere
 * the public development key stands in (and start-up logs that it does).
 */
export function endpointKeyring(config: Config): Keyring {
  if (config.endpointSecretKeys.length > 0) return new Keyring(config.endpointSecretKeys);
  if (config.env === 'production') {
    throw new Error(
      'ENDPOINT_SECRET_KEYS is required when NODE_ENV=production: <key id>:<base64 of 32 bytes>, ' +
        'e.g. k1:$(openssl rand -base64 32) (it encrypts endpoints’ auth secrets at rest)',
    );
  }
  return new Keyring([developmentKey()]);
}
