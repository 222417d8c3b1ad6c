import { createHmac } from 'node:crypto';

/**
 * One Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 over `<id>.<timestamp>.<payload>`,
 * keyed with the base64 part of a `whsec_…` secret.
 */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  payload: string,
): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.${payload}`, 'utf8')
    .digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one signature per active secret, space-separated (rotation). */
export function standardWebhookSignatures(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  payload: string,
): string {
  return secrets.map((secret) => signStandardWebhook(secret, id, timestampSeconds, payload)).join(' ');
}
