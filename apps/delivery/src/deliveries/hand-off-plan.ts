import { tierDelayMs } from '../retrying/retry-schedule';
import { RetryHeader } from '../retrying/retry-headers';

/** The reason a hand-off job carries (x-retry-error), by which the tier consumer knows it. */
export const HAND_OFF_REASON = 'first attempt still running after the budget: handed to the retry path';

export const isHandOff = (headers: Record<string, string>): boolean =>
  headers[RetryHeader.Error] === HAND_OFF_REASON;

/** Slack after a request's timeout for recording its result before a handed-off job comes due. */
export const HAND_OFF_SLACK_MS = 5000;

/**
 * Where a first attempt still in flight is handed: a job due once the request has certainly
 * ended (its start waited at most the budget, it runs at most the timeout) and been recorded,
 * on the first tier whose delay is at least that long (else the last): a tier's head must not
 * hold up jobs behind it for longer than the tier's own delay.
 */
export function handOffPlan(
  schedule: readonly string[],
  timeoutMs: number,
  budgetMs: number,
): { tierIndex: number; delayMs: number } {
  const delayMs = budgetMs + timeoutMs + HAND_OFF_SLACK_MS;
  const found = schedule.findIndex((t) => tierDelayMs(t) >= delayMs);
  return { tierIndex: found === -1 ? schedule.length - 1 : found, delayMs };
}
