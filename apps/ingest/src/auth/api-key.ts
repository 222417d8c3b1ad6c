import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'pk_';

export interface NewApiKey {
  /** The key itself: shown once, never stored. */
  key: string;
  /** SHA-256 of the key (hex): what is stored and looked up. */
  hash: string;
  /** The first characters, kept so that an operator can tell keys apart. */
  prefix: string;
}

/**
 * API keys carry 256 random bits, so one SHA-256 is enough to store them safely
 * (a slow hash guards low-entropy passwords; it would only slow every request down).
 */
export function generateApiKey(): NewApiKey {
  const key = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, PREFIX.length + 6) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
