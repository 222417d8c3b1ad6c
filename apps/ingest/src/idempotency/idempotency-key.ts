import { createHash } from 'node:crypto';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The client's own `Idempotency-Key`, scoped to the kind of request it came with. */
export function requestKey(kind: string, header: string): string {
  return `h:${sha256(`${kind}\n${header}`)}`;
}

/**
 * An id for an event that came without a key: the same source, call, label (compared as the
 * disposition map compares them) and timestamp is the same event. Without a timestamp the
 * same label for the same call is a repeat within the window.
 */
export function derivedKey(parts: (string | Date | null | undefined)[]): string {
  return `d:${sha256(JSON.stringify(parts.map((part) => (part instanceof Date ? part.toISOString() : (part ?? '')))))}`;
}
