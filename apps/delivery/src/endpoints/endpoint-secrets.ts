import { Keyring } from '@postback/crypto';
import { type EndpointAuth } from './endpoint';

/** The authenticated context of an endpoint's secrets: a sealed value opens only in its own row. */
const contextOf = (endpointId: string): string => `endpoint ${endpointId} auth`;

/** The auth with each secret (header value, password, signing secret) passed through `change`. */
function mapSecrets(auth: EndpointAuth, change: (secret: string) => string): EndpointAuth {
  switch (auth.type) {
    case 'header':
      return { ...auth, value: change(auth.value) };
    case 'basic':
      return { ...auth, password: change(auth.password) };
    case 'standard_webhooks':
      return { ...auth, secrets: auth.secrets.map(change) };
    default:
      return auth;
  }
}

function secretsOf(auth: EndpointAuth): string[] {
  const found: string[] = [];
  mapSecrets(auth, (secret) => (found.push(secret), secret));
  return found;
}

/** What is stored: every secret sealed with the keyring's active key. */
export function sealAuth(auth: EndpointAuth, keyring: Keyring, endpointId: string): EndpointAuth {
  return mapSecrets(auth, (secret) => keyring.seal(secret, contextOf(endpointId)));
}

/**
 * What delivery uses: every secret opened (with the key its id names). A secret stored before
 * encryption existed is plaintext and passes as is until the start-up step seals it.
 */
export function openAuth(auth: EndpointAuth, keyring: Keyring, endpointId: string): EndpointAuth {
  return mapSecrets(auth, (secret) =>
    Keyring.isSealed(secret) ? keyring.open(secret, contextOf(endpointId)) : secret,
  );
}

/** Whether a stored auth holds plaintext, or a secret sealed with a key other than the active one. */
export function needsReseal(auth: EndpointAuth, keyring: Keyring): boolean {
  return secretsOf(auth).some((secret) => Keyring.keyIdOf(secret) !== keyring.activeId);
}
