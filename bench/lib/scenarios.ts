import { type Child } from './child';
import { type LoadResult, type Target } from './load-generator';
import { nowMs } from './stats';

export interface Profile {
  name: 'full' | 'quick';
  ingestSteps: number[];
  batchSteps: number[];
  batchSize: number;
  stepMs: number;
  e2e: { rate: number; durationMs: number }[];
  /**
   * End to end at the first run's rate before the measured runs, not counted: freshly started
   * services run their first thousands of messages through V8's interpreter and the broker's
   * through the JVM's, connections and caches are cold, and the consumers' first fetches come
   * right after their group's join. A service in production has long passed that.
   */
  warmUpMs: number;
  backlog: number;
  /** Fan-out: decisions that each match 10 endpoints (as many postbacks as the backlog). */
  fanOutDecisions: number;
  /** Scale out: one steady load, with one and with two instances of each service. */
  scaleOut: { rate: number; durationMs: number };
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
    warmUpMs: 10_000,
    backlog: 5000,
    fanOutDecisions: 500,
    scaleOut: { rate: 500, durationMs: 20_000 },
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
    warmUpMs: 5000,
    backlog: 2000,
    fanOutDecisions: 200,
    scaleOut: { rate: 500, durationMs: 8000 },
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

export interface Collected {
  delivered: Record<string, number[]>;
  requests: number;
  failed: number;
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
