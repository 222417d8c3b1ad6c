import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { Keyring } from '@postback/crypto';

/**
 * What a console session's row may hold, and how the cookie's session id unlocks it. The id
 * (32 random bytes) is never stored: the row is found by its SHA-256, and the admin token is
 * sealed (AES-256-GCM) with a key derived from the id by HKDF. A copy of the table therefore
 * opens nothing; only the browser holding the cookie can. The CSRF token is derived from the id
 * too, so it needs no column.
 */
export const newSessionId = (): string => randomBytes(32).toString('base64url');

/** The row's key: the session id hashed, so a stored key cannot be replayed as a cookie. */
export const sessionKeyOf = (sessionId: string): string =>
  createHash('sha256').update(sessionId).digest('base64url');

export const csrfTokenOf = (sessionId: string): string =>
  createHmac('sha256', sessionId).update('postback console csrf').digest('base64url');

function keyringOf(sessionId: string): Keyring {
  const key = Buffer.from(hkdfSync('sha256', sessionId, '', 'postback console session token', 32));
  return new Keyring([{ id: 'session', key }]);
}

const contextOf = (sessionId: string): string => `console session ${sessionKeyOf(sessionId)}`;

export function sealToken(sessionId: string, adminToken: string): string {
  return keyringOf(sessionId).seal(adminToken, contextOf(sessionId));
}

/** The admin token, or a SecretKeyError when the id is not the one the token was sealed for. */
export function openToken(sessionId: string, sealed: string): string {
  return keyringOf(sessionId).open(sealed, contextOf(sessionId));
}
