import { createHmac } from 'node:crypto';

/**
 * The caller as a keyed SHA-256 (HMAC) of the E.164 number, hex: equal numbers match
 * across events, while the number itself cannot be recovered without the key.
 */
export function hashCaller(e164: string, key: string): string {
  return createHmac('sha256', key).update(e164, 'utf8').digest('hex');
}
