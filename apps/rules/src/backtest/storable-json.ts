import { pgSafeText as storable } from '@postback/text';

/**
 * JSON text that a jsonb parameter takes: each unstorable character of every string (names
 * too) becomes U+FFFD, as delivery stores such text. Dates and the like are written by their
 * toJSON first, as JSON.stringify writes them.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, function (_key, item: unknown) {
    if (typeof item === 'string') return storable(item);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item);
    return entries.some(([name]) => storable(name) !== name)
      ? Object.fromEntries(entries.map(([name, v]) => [storable(name), v]))
      : item;
  });
}
