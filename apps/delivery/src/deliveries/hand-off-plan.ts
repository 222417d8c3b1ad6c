import { tierDelayMs } from '../retrying/retry-schedule';
import { RetryHeader } from '../retrying/retry-headers';

/** The reason a hand-off job carries (x-retry-error), by which the tier consumer knows it. */
export const HAND_OFF_REASON = 'first attempt still running after the budget: handed to the retry path';

export const isHandOff = (headers: Record<string, string>): boolean =>
  headers[RetryHeader.Error] === HAND_OFF_REASON;

/** Slack after a request's timeout for recording its result before a handed-off job comes due. */
export const HAND_OFF_SLACK_MS = 5000;

/**
 * Where an attempt still in flight after the budget is handed: a job on the first tier from the
 * attempt's own (`fromTier`: 0 for a first attempt) whose delay covers the request's end and
 * record (`delayMs`: its start waited at most the budget, it runs at most the timeout), else the
 * last. The job comes due after `dueMs`, never later than its tier's delay: a job due later
 * than its tier's delay would hold up every job behind it on the partition. Due before the
 * request has certainly ended, it is put back (handOffDueAt) rather than sent.
 */
export function handOffPlan(
  schedule: readonly string[],
  timeoutMs: number,
  budgetMs: number,
  fromTier = 0,
): { tierIndex: number; delayMs: number; dueMs: number } {
  const delayMs = budgetMs + timeoutMs + HAND_OFF_SLACK_MS;
  const found = schedule.findIndex((t, index) => index >= fromTier && tierDelayMs(t) >= delayMs);
  const tierIndex = found === -1 ? schedule.length - 1 : found;
  return { tierIndex, delayMs, dueMs: Math.min(delayMs, tierDelayMs(schedule[tierIndex])) };
}

/** When a hand-off job put back on `tier` comes due again: at the deadline, or after one tier delay. */
export function handOffDueAt(deadline: number, tier: string, now: number): number {
  return Math.min(deadline, now + tierDelayMs(tier));
}
