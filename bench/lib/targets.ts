/** Issue 12's targets, each reported as met or not beside its figure (never asserted in tests). */
export const TARGETS = {
  /** GET /v1/postback against the bare NestJS + Fastify route. */
  ingestVsBare: 0.4,
  /** Batches (POST /v1/dispositions) against Kafka's ProducerPerformance, same record size. */
  ingestVsBroker: 0.3,
  /** Delivery draining a backlog against got alone to the same receiver. */
  deliveryVsClient: 0.7,
  /** Services, broker, registry and database, per disposition, at 500/s and 1,000/s. */
  cpuMsPerDisposition: 1.5,
  p99MsAt500: 250,
  p99MsAt1000: 1000,
  /** At 2,000/s: the last postback within this long of the load stopping. */
  drainedAfterLoadMsAt2000: 30_000,
  /** A decision matching 10 endpoints, against the single-endpoint postbacks/s. */
  fanOutVsSingle: 0.8,
};

/** What the verdicts read of an end-to-end run. */
export interface RunFigures {
  rate: number;
  soak?: boolean;
  exactlyOnce: boolean;
  settled: boolean;
  latencyMs: { p99: number | null };
  cpuMsPerDisposition: number | null;
  request: { errors: number };
  drainedAfterLoadMs: number | null;
}

/** Each stage against its ceiling; null when a part did not run. */
export interface Ratios {
  ingestVsBare: number | null;
  ingestVsBroker: number | null;
  deliveryVsClient: number | null;
  fanOutVsSingle: number | null;
}

/** The short runs at a rate (the soak is judged on its own). */
const at = (runs: RunFigures[], rate: number) => runs.find((run) => run.rate === rate && !run.soak);

const atLeast = (value: number | null | undefined, target: number) =>
  value !== null && value !== undefined && Number.isFinite(value) && value >= target;

/** Each headline target: met (true) or not (false); a run that did not take place is not met. */
export function headlineTargets(ratios: Ratios, e2e: RunFigures[]) {
  const [at500, at1000, at2000] = [500, 1000, 2000].map((rate) => at(e2e, rate));
  const p99Within = (run: RunFigures | undefined, ms: number) =>
    run !== undefined && run.exactlyOnce && run.latencyMs.p99 !== null && run.latencyMs.p99 <= ms;
  const cheap = (run: RunFigures | undefined) =>
    run !== undefined &&
    run.cpuMsPerDisposition !== null &&
    run.cpuMsPerDisposition <= TARGETS.cpuMsPerDisposition;
  return {
    ingestVsBare: atLeast(ratios.ingestVsBare, TARGETS.ingestVsBare),
    ingestVsBroker: atLeast(ratios.ingestVsBroker, TARGETS.ingestVsBroker),
    deliveryVsClient: atLeast(ratios.deliveryVsClient, TARGETS.deliveryVsClient),
    fanOut: atLeast(ratios.fanOutVsSingle, TARGETS.fanOutVsSingle),
    endToEndP99: p99Within(at500, TARGETS.p99MsAt500),
    endToEndP99At1000: p99Within(at1000, TARGETS.p99MsAt1000),
    cpuMsPerDisposition: cheap(at500) && cheap(at1000),
    noneUnanswered: [at500, at1000].every((run) => run !== undefined && run.request.errors === 0),
    exactlyOnceAndDrainedAt2000:
      at2000 !== undefined &&
      at2000.exactlyOnce &&
      at2000.settled &&
      at2000.drainedAfterLoadMs !== null &&
      at2000.drainedAfterLoadMs <= TARGETS.drainedAfterLoadMsAt2000,
  };
}

/** a / b, or null when b is not a positive number. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined || !(b > 0)) return null;
  return a / b;
}
