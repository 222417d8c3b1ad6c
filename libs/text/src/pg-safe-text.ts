// A NUL (refused by text and jsonb) or a surrogate without its pair (jsonb refuses its escape).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PostgreSQL stores the text as it is, in a text or a jsonb column (no NUL, no unpaired surrogate). */
export function isPgStorable(text: string): boolean {
  return text.search(UNSTORABLE) === -1;
}

/** Text PostgreSQL accepts in a text or jsonb column: each unstorable character becomes U+FFFD. */
export function pgSafeText(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

/** The same for every name and value of a header map. */
export function pgSafeRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [pgSafeText(k), pgSafeText(v)]));
}

/** A JSON value with every string (keys too) made safe for jsonb. */
export function pgSafeJson(value: unknown): unknown {
  if (typeof value === 'string') return pgSafeText(value);
  if (Array.isArray(value)) return value.map(pgSafeJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [pgSafeText(k), pgSafeJson(v)]));
  }
  return value;
}
