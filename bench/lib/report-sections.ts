import { SOAK } from './soak';

/* eslint-disable @typescript-eslint/no-explicit-any -- the result is a plain JSON document */
export type Result = Record<string, any>;

export const pct = (ratio: number | null | undefined) =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? 'n/a' : `${Math.round(ratio * 100)}%`;
export const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? 'n/a' : `${value} ms`;
export const verdict = (ok: boolean | undefined) => (ok ? 'met' : 'not met');

/** The soak (issue 12, item 7): its three targets, p99 per minute and each service's RSS. */
export function soakLines(run: Result | undefined): string[] {
  if (!run) return [];
  const { met, steady } = run;
  return [
    `## Soak: ${run.rate}/s × ${run.durationMs / 60_000} min`,
    '',
    `- Every accepted disposition delivered exactly once: ${verdict(met.exactlyOnce)} (${run.accepted} accepted, ` +
      `${run.request.errors} unanswered; missing ${run.missing}, duplicated ${run.duplicated}, unexpected ${run.unexpected}).`,
    `- p99 per minute (by request start), ms: ${run.p99PerMinuteMs.map((p99: number | null) => p99 ?? 'n/a').join(', ')}. ` +
      `Steady (no minute above max(${SOAK.steadyFactor} × the first, the first + ${SOAK.steadySlackMs} ms) = ${ms(steady.limitMs)}; ` +
      `worst ${ms(steady.worstMs)}): ${verdict(met.p99Steady)}.`,
    `- RSS after the first minute grows by < ${SOAK.maxRssGrowth * 100}% for each service: ${verdict(met.rssGrowth)}.`,
    '',
    '| service | RSS after minute 1 (MiB) | at the end (MiB) | growth | < 15% |',
    '| --- | --- | --- | --- | --- |',
    ...Object.entries(run.rssGrowth as Record<string, Result>).map(
      ([name, g]) =>
        `| ${name} | ${g.afterFirstMinuteMiB ?? 'n/a'} | ${g.atEndMiB ?? 'n/a'} | ${g.growthPercent === null ? 'n/a' : `${g.growthPercent}%`} | ${verdict(g.met)} |`,
    ),
    '',
  ];
}

/** Scale out (issue 12, item 8): one and two instances of each service, and the restart. */
export function scaleOutLines(scale: Result | undefined): string[] {
  if (!scale) return [];
  const row = (name: string, e2e: Result, backlog?: Result) =>
    `| ${name} | ${e2e.accepted} (${e2e.request.errors} unanswered) | ${e2e.deliveredPerSecond} | ` +
    `${ms(e2e.drainedAfterLoadMs)} | ${ms(e2e.latencyMs.p99)} | ${e2e.cpuMsPerDisposition} | ` +
    `${e2e.exactlyOnce ? 'yes' : `no (missing ${e2e.missing}, duplicated ${e2e.duplicated}, unexpected ${e2e.unexpected})`} | ` +
    `${backlog ? `${backlog.deliveriesPerSecond} (${backlog.delivered} of ${backlog.backlog}, ${backlog.duplicated} duplicated)` : '—'} |`;
  const { restarted } = scale;
  return [
    `## Scale out: ${scale.rate}/s × ${scale.durationMs / 1000} s, one and two instances of each service`,
    '',
    'Second instances on ports of their own, in the same consumer groups; with two, the load generator ' +
      'alternates between both ingest instances. Dispositions/s end to end: delivered dispositions from the ' +
      'first request to the last postback. Backlog: delivery draining the same backlog as the delivery scenario.',
    '',
    '| instances | accepted | dispositions/s end to end | last postback after the last request | p99 | CPU-ms per disposition | exactly once | backlog postbacks/s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row('one of each', scale.one.endToEnd, scale.one.backlog),
    row('two of each', scale.two.endToEnd, scale.two.backlog),
    row(
      `two, 2nd rules + delivery SIGTERM at ${restarted.stoppedAtMs} ms, ready again at ${restarted.readyAtMs} ms`,
      restarted.endToEnd,
    ),
    '',
    `Every accepted disposition delivered exactly once (all three runs and both backlogs): ${verdict(scale.exactlyOnce)}.`,
    '',
  ];
}
