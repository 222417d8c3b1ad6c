import { type FailureClass } from './failure-class';
import { retryDelayMs } from './retry-schedule';

export type RetryPlan =
  { kind: 'retry'; tierIndex: number; tier: string; delayMs: number } | { kind: 'dead'; reason: string };

/**
 * What follows a failed attempt: the next tier of the schedule (with its delay, or the
 * receiver's Retry-After within the tier's bounds), or the DLQ with the reason — at once for a
 * permanent failure, after the last tier for a retryable one.
 */
export function planAfterFailure(
  failure: FailureClass,
  nextTierIndex: number,
  schedule: readonly string[],
  random: number,
): RetryPlan {
  if (failure.kind === 'permanent') return { kind: 'dead', reason: `permanent: ${failure.reason}` };
  if (nextTierIndex >= schedule.length) {
    return { kind: 'dead', reason: `retries exhausted after ${schedule.length} tiers: ${failure.reason}` };
  }
  const tier = schedule[nextTierIndex];
  return {
    kind: 'retry',
    tierIndex: nextTierIndex,
    tier,
    delayMs: retryDelayMs(tier, failure.retryAfterMs, random),
  };
}
