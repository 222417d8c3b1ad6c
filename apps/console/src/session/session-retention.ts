import { type RetentionTarget, oldestRows } from '@postback/db';

/**
 * Expired sessions, and the sealed admin tokens they hold, go within the hour (sign-in also
 * deletes them), so that an old cookie and a copy of the table never open the token.
 */
export function sessionRetention(): { targets: RetentionTarget[]; intervalMs: number } {
  return {
    targets: [oldestRows('console.sessions', 0, { key: 'key', age: 'expires_at' })],
    intervalMs: 3_600_000,
  };
}
