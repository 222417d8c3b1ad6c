import { type Child } from './child';
import { type CpuMeter, perDisposition } from './cpu-meter';
import { type LoadResult, type Target } from './load-generator';
import { rssMiBOf } from './proc-stat';
import { stageLatencies } from './stages';
import { nowMs, summarise } from './stats';

export interface Profile {
  name: 'full' | 'quick';
  ingestSteps: number[];
  batchSteps: number[];
  batchSize: number;
  stepMs: number;
  e2e: { rate: number; durationMs: number }[];
  backlog: number;
  gotRequests: number;
  producerRecords: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    // Ingest waits on the broker (acks=all) and PostgreSQL: its rate grows with concurrency
    // until the cores are busy, so the steps go well past the bare endpoint's saturation.
    ingestSteps: [16, 64, 256, 512],
    batchSteps: [4, 16, 64],
    batchSize: 50,
    stepMs: 8000,
    e2e: [
      { rate: 500, durationMs: 20_000 },
      { rate: 1000, durationMs: 20_000 },
      { rate: 2000, durationMs: 10_000 },
    ],
    backlog: 5000,
    gotRequests: 20_000,
    producerRecords: 200_000,
  },
  quick: {
    name: 'quick',
    ingestSteps: [16, 128, 512],
    batchSteps: [8, 64],
    batchSize: 50,
    stepMs: 4000,
    e2e: [
      { rate: 500, durationMs: 8000 },
      { rate: 1000, durationMs: 8000 },
    ],
    backlog: 2000,
    gotRequests: 5000,
    producerRecords: 50_000,
  },
};

export interface Step extends Omit<LoadResult, 'starts'> {
  concurrency: number;
}

/** Closed-loop steps of rising concurrency; saturation is the step with the most accepted items/s. */
export async function ramp(load: Child, target: Target, steps: number[], stepMs: number) {
  const results: Step[] = [];
  for (const concurrency of steps) {
    const result = await load.ask<LoadResult>({
      mode: 'closed',
      target: { ...target, prefix: `${target.prefix}-c${concurrency}` },
      concurrency,
      durationMs: stepMs,
    });
    results.push({ concurrency, ...result });
    console.log(
      `  ${target.kind} c=${concurrency}: ${result.requestsPerSecond} req/s, ${result.itemsPerSecond} items/s, ` +
        `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, errors ${result.errors}`,
    );
  }
  const saturation = results.reduce((best, step) =>
    step.itemsPerSecond > best.itemsPerSecond ? step : best,
  );
  return { steps: results, saturation };
}

/**
 * Polls the receiver until `count` calls of the prefix were delivered; gives up when the
 * time is up or nothing new arrived for `stallMs`. Resolves whether all arrived.
 */
export async function deliveredAll(
  receiver: Child,
  prefix: string | null,
  count: number,
  timeoutMs: number,
  stallMs = 20_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  let movedAt = Date.now();
  for (;;) {
    // No prefix: the ids given to the receiver with `expect`.
    const ask = prefix === null ? { op: 'countExpected' } : { op: 'count', prefix };
    const { distinct } = await receiver.ask<{ distinct: number }>(ask);
    if (distinct >= count) return true;
    if (distinct !== seen) [seen, movedAt] = [distinct, Date.now()];
    if (Date.now() > deadline || Date.now() - movedAt > stallMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Collected {
  delivered: Record<string, number[]>;
  requests: number;
  failed: number;
}

/** What an end-to-end run measures beside latency: CPU of every process, stages, RSS. */
export interface Probe {
  meter: CpuMeter;
  databaseUrl: string;
  /** The services' pids, for RSS (soak). */
  servicePids?: () => Record<string, number | undefined>;
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
 * arrived); and the CPU every process used from the first request until the last postback
 * arrived (or the wait ended), per accepted disposition.
 */
export async function endToEnd(
  load: Child,
  receiver: Child,
  target: Target,
  rate: number,
  durationMs: number,
  probe: Probe,
  settleMs = 90_000,
) {
  await probe.meter.start();
  // Soak: RSS once the first minute is over (the services are warm), and at the end.
  let rssAfterFirstMinute: Record<string, number | null> | undefined;
  const rssTimer = probe.servicePids
    ? setTimeout(() => (rssAfterFirstMinute = rssNow(probe.servicePids!())), 60_000)
    : undefined;
  const sent = await load.ask<LoadResult>({ mode: 'open', target, rate, durationMs });
  const accepted = Object.keys(sent.starts!);
  await receiver.ask({ op: 'expect', ids: accepted });
  const settled = await deliveredAll(receiver, null, accepted.length, settleMs);
  const cpu = await probe.meter.stop();
  clearTimeout(rssTimer);
  const rssAtEnd = probe.servicePids ? rssNow(probe.servicePids()) : undefined;
  const { delivered } = await receiver.ask<Collected>({ op: 'collect', prefix: `${target.prefix}-` });
  const latencies: number[] = [];
  const perMinute: number[][] = [];
  let missing = 0;
  let duplicated = 0;
  const firstStart = Math.min(...Object.values(sent.starts!));
  for (const id of accepted) {
    const times = delivered[id];
    if (!times) missing++;
    else {
      const latency = times[0] - sent.starts![id];
      latencies.push(latency);
      const minute = Math.floor((sent.starts![id] - firstStart) / 60_000);
      (perMinute[minute] ??= []).push(latency);
      if (times.length > 1) duplicated++;
    }
  }
  const unexpected = Object.keys(delivered).filter((id) => sent.starts![id] === undefined).length;
  const stagesMs = await stageLatencies(
    probe.databaseUrl,
    `${target.prefix}-`,
    sent.starts!,
    sent.answers!,
    delivered,
  );
  const { starts: _starts, answers: _answers, ...request } = sent;
  return {
    rate,
    durationMs,
    request,
    accepted: accepted.length,
    settled,
    latencyMs: summarise(latencies),
    stagesMs,
    ...perDisposition(cpu, accepted.length),
    ...(durationMs > 60_000
      ? {
          p99PerMinuteMs: Array.from(perMinute, (sample) => summarise(sample ?? []).p99),
          rssMiB: { afterFirstMinute: rssAfterFirstMinute, atEnd: rssAtEnd },
        }
      : {}),
    missing,
    duplicated,
    unexpected,
    // A request the load generator gave up on (30 s, counted as an error) may still have been
    // accepted: its postback is no surprise. Any other postback would be.
    exactlyOnce: missing === 0 && duplicated === 0 && unexpected <= sent.errors,
  };
}

/** Delivery draining a backlog of `count` decisions (started when the service became ready). */
export async function drain(receiver: Child, prefix: string, count: number, startedAt: number) {
  const settled = await deliveredAll(receiver, `${prefix}-`, count, 180_000);
  const { delivered, requests, failed } = await receiver.ask<Collected>({
    op: 'collect',
    prefix: `${prefix}-`,
  });
  const firsts = Object.values(delivered).map((times) => times[0]);
  const first = Math.min(...firsts);
  const last = Math.max(...firsts);
  const duplicated = Object.values(delivered).filter((times) => times.length > 1).length;
  return {
    backlog: count,
    delivered: firsts.length,
    settled,
    duplicated,
    receiverRequests: requests,
    receiverFailures: failed,
    firstToLastMs: Math.round(last - first),
    readyToLastMs: Math.round(last - startedAt),
    deliveriesPerSecond: Math.round((firsts.length / (last - first)) * 1000),
  };
}

export const stamp = nowMs;
