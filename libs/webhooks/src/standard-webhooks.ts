import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a `webhook-timestamp` may lie from now, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A Standard Webhooks secret (`whsec_<base64>`, the prefix optional) as the HMAC key it encodes. */
export function webhookSigningKey(secret: string): Buffer {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  if (key.length === 0) throw new Error('standard webhooks secret: is empty');
  return key;
}

/** One signature: `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<payload>` (a string as UTF-8). */
export function signWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  payload: Buffer | string,
): string {
  const mac = createHmac('sha256', webhookSigningKey(secret))
    .update(`${id}.${timestampSeconds}.`)
    .update(payload)
    .digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per active secret, space-separated (rotation). */
export function webhookSignatures(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  payload: Buffer | string,
): string {
  return secrets.map((secret) => signWebhook(secret, id, timestampSeconds, payload)).join(' ');
}

export interface SignedRequest {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** What the sender may have signed; the request is valid if any one of them matches. */
  payloads: readonly (Buffer | string)[];
}

export type SignatureVerdict = 'valid' | 'missing' | 'stale' | 'mismatch';

/**
 * Checks a request: the three headers present, the timestamp within the tolerance of now, and
 * any `v1` signature of the (space-separated) header equal to ours, compared in constant time.
 * A timestamp that is not a number is `stale`; other versions (`v1a`, `v2`) are ignored.
 */
export function verifyWebhook(
  secret: string,
  request: SignedRequest,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureVerdict {
  if (!request.id || !request.timestamp || !request.signature) return 'missing';
  if (!/^\d{1,12}$/.test(request.timestamp)) return 'stale';
  const timestamp = Number(request.timestamp);
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return 'stale';
  const given = request.signature
    .split(' ')
    .map((candidate) => candidate.split(',', 2))
    .filter(([version, value]) => version === 'v1' && value)
    .map(([, value]) => Buffer.from(value, 'base64'));
  for (const payload of request.payloads) {
    const expected = Buffer.from(signWebhook(secret, request.id, timestamp, payload).slice(3), 'base64');
    if (given.some((mac) => mac.length === expected.length && timingSafeEqual(mac, expected))) return 'valid';
  }
  return 'mismatch';
}
