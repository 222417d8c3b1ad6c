import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface SignedRequest {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  /** What the sender may have signed (see signedPayloads); valid if any one matches. */
  payloads: (Buffer | string)[];
}

export type SignatureVerdict = 'valid' | 'missing' | 'stale' | 'mismatch';

/** Standard Webhooks: a `whsec_<base64>` secret is the base64 of the HMAC key. */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, as a sender computes it. */
export function signWebhook(secret: string, id: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * Checks a Standard Webhooks signature: the timestamp within five minutes of now, and any
 * `v1` signature in the (space-separated) header equal to ours, compared in constant time.
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
