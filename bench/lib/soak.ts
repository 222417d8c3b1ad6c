import { summarise } from './stats';

/** Soak targets (issue 12, item 7). */
export const SOAK = {
  /** Each service's RSS may grow by less than this, from the end of the first minute to the end. */
  maxRssGrowth: 0.15,
  /**
   * "p99 steady from the first minute to the last": no minute's p99 above the first minute's
   * times this factor, or the first minute's plus the slack (so that a p99 of tens of ms may
   * move by a few tens without counting as growth).
   */
  steadyFactor: 1.5,
  steadySlackMs: 100,
};

/** One accepted disposition: when its request started (epoch ms) and its end-to-end latency. */
export interface Sample {
  startedAt: number;
  latencyMs: number;
}

/**
 * p99 of each of the run's `minutes`, by the request's start (minute 0 holds the requests
 * started in the first 60 s after `firstStart`); a minute without a delivered disposition —
 * the last ones too, when their postbacks never came — is null.
 */
export function p99PerMinute(samples: Sample[], firstStart: number, minutes: number): (number | null)[] {
  const byMinute: number[][] = Array.from({ length: minutes }, () => []);
  for (const { startedAt, latencyMs } of samples) {
    const minute = Math.min(minutes - 1, Math.max(0, Math.floor((startedAt - firstStart) / 60_000)));
    byMinute[minute].push(latencyMs);
  }
  return byMinute.map((sample) => summarise(sample).p99);
}

/** Whether the per-minute p99 stayed within the first minute's limit (see SOAK). */
export function steadiness(p99s: (number | null)[]) {
  const first = p99s[0];
  if (first === null || first === undefined) return { limitMs: null, worstMs: null, steady: false };
  const limitMs = Math.round(Math.max(first * SOAK.steadyFactor, first + SOAK.steadySlackMs));
  // A minute with nothing delivered is as unsteady as it gets.
  const worstMs = p99s.reduce<number>((worst, p99) => Math.max(worst, p99 ?? Infinity), first);
  return { limitMs, worstMs: Number.isFinite(worstMs) ? worstMs : null, steady: worstMs <= limitMs };
}

export interface RssGrowth {
  afterFirstMinuteMiB: number | null;
  atEndMiB: number | null;
  /** (end − after the first minute) / after the first minute, in %, one decimal. */
  growthPercent: number | null;
  met: boolean;
}

/** Each service's RSS growth after the first minute; unknown readings (a process gone) are not met. */
export function rssGrowth(
  afterFirstMinute: Record<string, number | null>,
  atEnd: Record<string, number | null>,
): Record<string, RssGrowth> {
  const growth: Record<string, RssGrowth> = {};
  for (const name of new Set([...Object.keys(afterFirstMinute), ...Object.keys(atEnd)])) {
    const [before, after] = [afterFirstMinute[name] ?? null, atEnd[name] ?? null];
    const ratio = before !== null && after !== null && before > 0 ? (after - before) / before : null;
    growth[name] = {
      afterFirstMinuteMiB: before,
      atEndMiB: after,
      growthPercent: ratio === null ? null : Math.round(ratio * 1000) / 10,
      met: ratio !== null && ratio < SOAK.maxRssGrowth,
    };
  }
  return growth;
}

/** The soak's three verdicts and the figures behind them. */
export function soakReport(
  samples: Sample[],
  firstStart: number,
  minutes: number,
  rss: { afterFirstMinute: Record<string, number | null>; atEnd: Record<string, number | null> },
  exactlyOnce: boolean,
) {
  const p99PerMinuteMs = p99PerMinute(samples, firstStart, minutes);
  const steady = steadiness(p99PerMinuteMs);
  const growth = rssGrowth(rss.afterFirstMinute, rss.atEnd);
  const rssMet = Object.keys(growth).length > 0 && Object.values(growth).every((service) => service.met);
  return {
    p99PerMinuteMs,
    steady,
    rssGrowth: growth,
    met: { exactlyOnce, p99Steady: steady.steady, rssGrowth: rssMet },
  };
}
