import { z } from 'zod';

/** More tiers than this is a typo, not a policy (Svix's default has 8). */
export const MAX_RETRY_TIERS = 20;
/** One delay tier's longest wait: a Kafka topic keeps its jobs only for its retention (a week by default). */
const MAX_TIER_MS = 24 * 3_600_000;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** Why a retry schedule cannot work, or null. Repeated delays are fine (one topic per distinct delay). */
export function retryScheduleProblem(list: readonly string[]): string | null {
  if (list.length === 0) return 'expected at least one delay, such as 30s,2m,10m,1h,6h';
  if (list.length > MAX_RETRY_TIERS) return `expected at most ${MAX_RETRY_TIERS} tiers, got ${list.length}`;
  for (const tier of list) {
    const match = /^(\d+)([smh])$/.exec(tier);
    if (!match) return `"${tier}" is not a delay such as 30s, 2m or 1h`;
    const ms = Number(match[1]) * UNIT_MS[match[2]];
    if (ms <= 0) return `"${tier}" must be a delay above zero`;
    if (ms > MAX_TIER_MS) return `"${tier}" is longer than 24h`;
  }
  return null;
}

/** DELIVERY_RETRY_SCHEDULE: comma-separated delays, checked at start-up so a bad one never reaches Kafka. */
export const retryScheduleSchema = z
  .string()
  .transform((raw) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .superRefine((list, ctx) => {
    const problem = retryScheduleProblem(list);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
