export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket: `ratePerSecond` tokens a second, holding at most one second's worth
 * (so a burst of one second's rate is allowed). Pure: returns the new bucket state.
 */
export function takeToken(
  bucket: Bucket | undefined,
  ratePerSecond: number,
  nowMs: number,
): { bucket: Bucket; result: TakeResult } {
  const capacity = ratePerSecond;
  const elapsed = bucket ? Math.max(0, nowMs - bucket.updatedAt) / 1000 : 0;
  const tokens = bucket ? Math.min(capacity, bucket.tokens + elapsed * ratePerSecond) : capacity;
  if (tokens >= 1) return { bucket: { tokens: tokens - 1, updatedAt: nowMs }, result: { allowed: true } };
  const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
  return { bucket: { tokens, updatedAt: nowMs }, result: { allowed: false, retryAfterSeconds } };
}
