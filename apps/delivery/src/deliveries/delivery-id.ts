import { createHash } from 'node:crypto';

/**
 * One delivery per (decision, endpoint), with an id that every replay computes again:
 * a name-based UUID (RFC 9562 version 8) from SHA-256 of both ids.
 */
export function deliveryIdFor(decisionId: string, endpointId: string): string {
  const bytes = createHash('sha256').update(`${decisionId}:${endpointId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
