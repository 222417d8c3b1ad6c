import { createHmac } from 'node:crypto';

/**
 * A source's webhook signing secret, derived from the service key, the source id and a
 * version that rotation bumps. Nothing secret is stored: the database holds only the version,
 * and the secret is shown once when it is issued.
 */
export function deriveSigningSecret(serviceKey: string, sourceId: string, version: number): string {
  const key = createHmac('sha256', serviceKey).update(`signing-secret:${sourceId}:${version}`).digest();
  return `whsec_${key.toString('base64')}`;
}
