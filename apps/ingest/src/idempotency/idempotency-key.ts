import { createHash } from 'node:crypto';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The client's own `Idempotency-Key`, scoped to the kind of request it came with. */
export function requestKey(kind: string, header: string): string {
  return `h:${sha256(`${kind}\n${header}`)}`;
}

/** Object keys sorted (and Dates as ISO-8601), so that equal requests have equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * What an Idempotency-Key is bound to: the validated request, canonically, so that a repeat
 * that differs only in form (GET or POST, field order, `usd` for `USD`) is still the same one.
 */
export function requestHash(validated: unknown): string {
  return sha256(canonicalJson(validated));
}

/**
 * An id for an event that came without a key: the same source, call, label (compared as the
 * disposition map compares them) and timestamp is the same event. Without a timestamp the
 * same label for the same call is a repeat within the window.
 */
export function derivedKey(parts: (string | Date | null | undefined)[]): string {
  return `d:${sha256(JSON.stringify(parts.map((part) => (part instanceof Date ? part.toISOString() : (part ?? '')))))}`;
}

/**
 * The event id of a derived key, as a UUID (version 8, RFC 9562's form for ids made from a
 * hash): a repeat of the event gets the same id, so rules, which keeps the ids it decided,
 * recognises it however often (and through however many ingest instances) it comes.
 */
export function eventIdOf(dedupKey: string): string {
  const hex = sha256(dedupKey);
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The idempotency window an event without a timestamp of its own falls in (`w:<n>`, windows
 * counted from the epoch): its repeats within the window share an id, later ones do not.
 */
export function windowOf(receivedAt: Date, windowMs: number): string {
  return `w:${Math.floor(receivedAt.getTime() / windowMs)}`;
}
