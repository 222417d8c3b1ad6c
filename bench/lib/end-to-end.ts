import { type Child } from './child';
import { type CpuMeter, perDisposition } from './cpu-meter';
import { type LoadResult, type Target } from './load-generator';
import { rssMiBOf } from './proc-stat';
import { type Collected, deliveredAll } from './scenarios';
import { type Sample, soakReport } from './soak';
import { stageLatencies } from './stages';
import { extent, summarise } from './stats';

/** What an end-to-end run measures beside latency: CPU of every process, stages, RSS. */
export interface Probe {
  meter: CpuMeter;
  databaseUrl: string;
  /** Each service instance's pid, for RSS (soak). */
  servicePids: () => Record<string, number | undefined>;
}

export interface RunOptions {
  /** How long to wait for the last postback after the load (nothing new for 20 s also ends it). */
  settleMs?: number;
  /** A soak: RSS every minute, p99 per minute, and the soak's verdicts. */
  soak?: boolean;
  /** Runs beside the load (scale-out: stopping and starting instances halfway). */
  during?: () => Promise<unknown>;
}

/** Each service's RSS (MiB) now. */
function rssNow(pids: Record<string, number | undefined>): Record<string, number | null> {
  const rss: Record<string, number | null> = {};
  for (const [name, pid] of Object.entries(pids)) rss[name] = pid === undefined ? null : rssMiBOf(pid);
  return rss;
}

/**
 * Dispositions at a fixed rate through ingest → rules → delivery → receiver: latency from
 * the start of each accepted request to the receiver's 2xx for its call, split by stage;
 * whether each accepted disposition produced exactly one postback (and nothing else
 * arrived); the CPU every process used from the first request until the last postback
 * arrived (or the wait ended), per accepted disposition; dispositions delivered per second
 * from the first request to the last postback, and how long after the last accepted
 * request the last postback arrived.
 */
export async function endToEnd(
  load: Child,
  receiver: Child,
  target: Target,
  rate: number,
  durationMs: number,
  probe: Probe,
  options: RunOptions = {},
) {
  await probe.meter.start();
  // Soak: RSS at the end of each minute (the first one is the services warm) and at the end.
  const rssPerMinute: Record<string, number | null>[] = [];
  const rssTimer = options.soak
    ? setInterval(() => rssPerMinute.push(rssNow(probe.servicePids())), 60_000)
    : undefined;
  const [sent] = await Promise.all([
    load.ask<LoadResult>({ mode: 'open', target, rate, durationMs }),
    options.during?.(),
  ]);
  clearInterval(rssTimer);
  // A soak shorter than a minute (development) reads "after the first minute" at the load's end.
  if (options.soak && rssPerMinute.length === 0) rssPerMinute.push(rssNow(probe.servicePids()));
  const starts = sent.starts!;
  const accepted = Object.keys(starts);
  await receiver.ask({ op: 'expect', ids: accepted });
  const settled = await deliveredAll(receiver, null, accepted.length, options.settleMs ?? 90_000);
  const cpu = await probe.meter.stop();
  const rssAtEnd = options.soak ? rssNow(probe.servicePids()) : undefined;
  const { delivered } = await receiver.ask<Collected>({ op: 'collect', prefix: `${target.prefix}-` });
  const samples: Sample[] = [];
  let missing = 0;
  let duplicated = 0;
  for (const id of accepted) {
    const times = delivered[id];
    if (!times) missing++;
    else {
      samples.push({ startedAt: starts[id], latencyMs: times[0] - starts[id] });
      if (times.length > 1) duplicated++;
    }
  }
  const unexpected = Object.keys(delivered).filter((id) => starts[id] === undefined).length;
  const stagesMs = await stageLatencies(
    probe.databaseUrl,
    `${target.prefix}-`,
    starts,
    sent.answers!,
    delivered,
  );
  const { starts: _starts, answers: _answers, ...request } = sent;
  const started = extent(Object.values(starts));
  const lastPostback = extent(Object.values(delivered).map((times) => times[0])).max;
  // A request the load generator gave up on (30 s, counted as an error) may still have been
  // accepted: its postback is no surprise. Any other postback would be.
  const exactlyOnce = missing === 0 && duplicated === 0 && unexpected <= sent.errors;
  return {
    rate,
    durationMs,
    ...(options.soak ? { soak: true } : {}),
    request,
    accepted: accepted.length,
    settled,
    latencyMs: summarise(samples.map((sample) => sample.latencyMs)),
    stagesMs,
    ...perDisposition(cpu, accepted.length),
    deliveredPerSecond:
      samples.length > 0 ? Math.round((samples.length / (lastPostback - started.min)) * 1000) : 0,
    drainedAfterLoadMs: settled && samples.length > 0 ? Math.round(lastPostback - started.max) : null,
    ...(options.soak
      ? {
          ...soakReport(
            samples,
            started.min,
            Math.ceil(durationMs / 60_000),
            { afterFirstMinute: rssPerMinute[0], atEnd: rssAtEnd! },
            exactlyOnce,
          ),
          rssMiB: { perMinute: rssPerMinute, afterFirstMinute: rssPerMinute[0], atEnd: rssAtEnd },
        }
      : {}),
    missing,
    duplicated,
    unexpected,
    exactlyOnce,
  };
}

export type EndToEndRun = Awaited<ReturnType<typeof endToEnd>>;
