const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** A retry tier such as `30s`, `2m` or `1h` in milliseconds. */
export function tierDelayMs(tier: string): number {
  const match = /^(\d+)([smh])$/.exec(tier);
  if (!match) throw new Error(`retry tier must look like 30s, 2m or 1h; got "${tier}"`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/** ±20% around the tier's delay: spreads a burst of failures so they do not come back together. */
export const JITTER = 0.2;

/** The bounds a retry on this tier may be scheduled within. */
export function tierBounds(tier: string): { minMs: number; maxMs: number } {
  const delay = tierDelayMs(tier);
  return { minMs: Math.round(delay * (1 - JITTER)), maxMs: Math.round(delay * (1 + JITTER)) };
}

/**
 * The delay before the next attempt on `tier`: the tier's delay with ±20% jitter, or the
 * receiver's Retry-After clamped to the tier's bounds (a tier has one delay, so a due time far
 * beyond it would hold up everything queued behind it on the partition).
 * `random` is in [0, 1).
 */
export function retryDelayMs(tier: string, retryAfterMs: number | null, random: number): number {
  const { minMs, maxMs } = tierBounds(tier);
  if (retryAfterMs !== null) return Math.min(maxMs, Math.max(minMs, retryAfterMs));
  return Math.round(minMs + (maxMs - minMs) * random);
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return null; // neither seconds nor an HTTP date
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * When a deferred job (nothing sent: the circuit is open, the endpoint busy) comes due on `tier`:
 * at `until` when given (the circuit closes), else after the tier's delay with jitter; never
 * after the tier's longest delay, which would hold up the jobs behind it on the partition.
 */
export function deferredUntil(tier: string, now: number, until?: number, random = Math.random()): number {
  const { maxMs } = tierBounds(tier);
  const at = until !== undefined ? until : now + retryDelayMs(tier, null, random);
  return Math.min(Math.max(at, now), now + maxMs);
}
