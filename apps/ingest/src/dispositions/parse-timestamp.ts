const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Below this a number is Unix seconds (until the year 5138), above it milliseconds. */
const SECONDS_LIMIT = 1e11;
const MAX_DATE_MS = 8.64e15;

/**
 * A dialer's timestamp: ISO-8601 with a zone, or Unix seconds or milliseconds (number or
 * digits). Returns null when it is none of these: a time without a zone is ambiguous.
 */
export function parseTimestamp(raw: string | number): Date | null {
  if (typeof raw === 'number' || /^\d+(\.\d+)?$/.test(raw)) {
    const numeric = Number(raw);
    if (!Number.isFinite(numeric) || numeric <= 0) return null;
    // Beyond what a Date holds it is clamped to the last one, which any range check refuses.
    return new Date(Math.min(Math.round(numeric < SECONDS_LIMIT ? numeric * 1000 : numeric), MAX_DATE_MS));
  }
  if (!ISO_8601.test(raw)) return null;
  const parsed = new Date(raw);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
