import { createHash, timingSafeEqual } from 'node:crypto';
import { type ConsoleSession } from '../session/session.store';

export type ProxyAccess =
  { allowed: true } | { allowed: false; status: 401 | 403; error: string; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether a browser request may pass to an admin API: it needs a live session, and a
 * state-changing method also needs the session's CSRF token in `X-CSRF-Token` (a page on another
 * origin can make the browser send the cookie, but cannot read the token to send it back).
 */
export function proxyAccess(
  session: ConsoleSession | undefined,
  method: string,
  csrfHeader: string | string[] | undefined,
): ProxyAccess {
  if (!session)
    return { allowed: false, status: 401, error: 'unauthorized', message: 'sign in to the console first' };
  if (SAFE_METHODS.has(method.toUpperCase())) return { allowed: true };
  const sent = typeof csrfHeader === 'string' ? csrfHeader : '';
  if (!sent || !timingSafeEqual(digest(sent), digest(session.csrfToken))) {
    return {
      allowed: false,
      status: 403,
      error: 'csrf_token_invalid',
      message: 'X-CSRF-Token: missing or wrong for this session',
    };
  }
  return { allowed: true };
}
