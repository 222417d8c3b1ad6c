import { retryTopic } from '@postback/contracts';
import { RetryHeader } from './retry-headers';

/** Every tier's topic, as an `@EventPattern`: the transport finds them in the topic catalogue. */
export const RETRY_TIER_TOPICS = 'postbacks.retry.*';

/**
 * One topic per distinct delay: a schedule such as 1m,10h,10h has two topics, and a job says
 * which step of the schedule it is on in its x-retry-tier-index header (the topic cannot).
 */
export function retryTopics(schedule: readonly string[]): string[] {
  return [...new Set(schedule.map(retryTopic))];
}

/**
 * The schedule step a job consumed from `topic` is on: its header when that names a step whose
 * delay is this topic's; otherwise (a job written before the header existed) the first such step.
 */
export function tierIndexOf(
  headers: Record<string, string>,
  topic: string,
  schedule: readonly string[],
): number {
  const raw = headers[RetryHeader.TierIndex];
  const index = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : -1;
  if (index < schedule.length && index >= 0 && retryTopic(schedule[index]) === topic) return index;
  return schedule.findIndex((tier) => retryTopic(tier) === topic);
}
