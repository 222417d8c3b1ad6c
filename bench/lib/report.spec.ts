import { markdown } from './report';

const machine = {
  cores: 2,
  cpuModel: 'AMD EPYC',
  memoryGiB: 23.5,
  os: 'Linux',
  node: 'v20',
  java: 'openjdk 17',
  kafka: '4.1.1',
  schemaRegistry: 'Apicurio',
  postgres: '15',
  gitCommit: 'abc1234',
  loadAverageAtStart: [1, 1, 1],
};
const cpu = { ingest: 0.1, rules: 0.2, delivery: 3, kafka: 1, registry: 0, postgres: 1.5 };
const backlog = (over: Record<string, unknown>) => ({
  backlog: 2000,
  delivered: 2000,
  settled: true,
  duplicated: 0,
  decisions: 2000,
  endpointsPerDecision: 1,
  deliveriesPerSecond: 200,
  cpuMsPerDelivery: cpu,
  ...over,
});
const run = (over: Record<string, unknown>) => ({
  rate: 500,
  durationMs: 8000,
  request: { errors: 0 },
  accepted: 4000,
  settled: true,
  exactlyOnce: true,
  latencyMs: { p50: 50, p95: 90, p99: 120 },
  stagesMs: Object.fromEntries(
    ['accepted', 'decided', 'firstAttemptSent', 'received'].map((stage) => [stage, { p50: 1, p99: 2 }]),
  ),
  cpuMsPerDisposition: 1.4,
  cpuMsByProcess: cpu,
  deliveredPerSecond: 480,
  drainedAfterLoadMs: 400,
  missing: 0,
  duplicated: 0,
  unexpected: 0,
  ...over,
});

describe('markdown', () => {
  const soak = run({
    rate: 1000,
    durationMs: 120_000,
    soak: true,
    p99PerMinuteMs: [300, 900],
    steady: { limitMs: 450, worstMs: 900, steady: false },
    rssGrowth: {
      ingest: { afterFirstMinuteMiB: 100, atEndMiB: 105, growthPercent: 5, met: true },
      delivery: { afterFirstMinuteMiB: 100, atEndMiB: 130, growthPercent: 30, met: false },
    },
    met: { exactlyOnce: true, p99Steady: false, rssGrowth: false },
  });
  const partial = {
    startedAt: '2026-12-07T00:00:00.000Z',
    profile: 'full',
    only: ['fanout', 'e2e', 'soak', 'scale'],
    machine,
    loadAverageAtEnd: [2, 2, 2],
    serviceSettings: { LOG_LEVEL: 'info' },
    endToEnd: [run({}), soak],
    delivery: {
      fast: backlog({}),
      fanOut: backlog({ decisions: 200, endpointsPerDecision: 10, deliveriesPerSecond: 150 }),
    },
    scaleOut: {
      rate: 500,
      durationMs: 8000,
      one: { endToEnd: run({}), backlog: backlog({}) },
      two: { endToEnd: run({ deliveredPerSecond: 490 }), backlog: backlog({ deliveriesPerSecond: 260 }) },
      restarted: { endToEnd: run({}), stoppedAtMs: 4000, restartedAtMs: 4500, readyAtMs: 9000 },
      exactlyOnce: true,
    },
    ratios: { ingestVsBare: null, ingestVsBroker: null, deliveryVsClient: null, fanOutVsSingle: 0.75 },
    targets: { endToEndP99: true, fanOut: false, soak: false, scaleOutExactlyOnce: true },
  };

  it('reports fan-out beside the single endpoint with its ratio and the 80% target', () => {
    expect(markdown(partial)).toContain(
      '| delivery fan-out, 200 decisions × 10 endpoints | 150 postbacks/s, 2000 of 2000 (delivery 3 CPU-ms, PostgreSQL 1.5, Kafka 1 per postback) | single endpoint 200 postbacks/s | 75% | ≥ 80%: not met |',
    );
  });

  it("reports the soak's three verdicts, p99 per minute and each service's RSS growth", () => {
    const text = markdown(partial);
    expect(text).toContain('## Soak: 1000/s × 2 min');
    expect(text).toContain('- Every accepted disposition delivered exactly once: met');
    expect(text).toContain('p99 per minute (by request start), ms: 300, 900.');
    expect(text).toContain('worst 900 ms): not met.');
    expect(text).toContain('| delivery | 100 | 130 | 30% | not met |');
    expect(text).toContain('| ingest | 100 | 105 | 5% | met |');
  });

  it('reports scale-out with one and two instances and the restart', () => {
    const text = markdown(partial);
    expect(text).toContain(
      '| two of each | 4000 (0 unanswered) | 490 | 400 ms | 120 ms | 1.4 | yes | 260 (2000 of 2000, 0 duplicated) |',
    );
    expect(text).toContain('2nd rules + delivery SIGTERM at 4000 ms, ready again at 9000 ms');
    expect(text).toContain('(all three runs and both backlogs): met.');
  });

  it('judges the 500/s run against p99 ≤ 250 ms, zero unanswered and 1.5 CPU-ms', () => {
    expect(markdown(partial)).toContain('p99 ≤ 250 ms: met; zero unanswered: met; CPU ≤ 1.5 ms: met |');
  });

  it('reports the idle CPU per second beside the CPU table, when it was measured', () => {
    const idle = { windowMs: 10_000, cpuMsPerSecond: { ingest: 8, rules: 29, delivery: 31, kafka: 117 } };
    expect(markdown({ ...partial, idle })).toContain(
      'Idle (the services up, no load, 10000 ms), CPU-ms per second: ingest 8, rules 29, delivery 31, kafka 117.',
    );
    expect(markdown(partial)).not.toContain('Idle (the services up');
  });

  it('shows the warm-up as not counted, in the headline and the CPU table, when there was one', () => {
    const endToEndWarmUp = run({ durationMs: 5000, cpuMsPerDisposition: 9.5 });
    const text = markdown({ ...partial, endToEndWarmUp });
    expect(text).toContain(
      '| warm-up before end to end (not counted) at 500/s × 5 s | 9.5 CPU-ms per disposition;',
    );
    expect(text).toContain('| warm-up, 500/s × 5 s | 9.5 |');
    expect(markdown(partial)).not.toContain('warm-up');
  });

  it('leaves out the sections of parts that did not run', () => {
    const text = markdown({ ...partial, endToEnd: [], scaleOut: undefined });
    expect(text).not.toContain('## Soak');
    expect(text).not.toContain('## Scale out');
    expect(text).not.toContain('## Ingest steps');
  });
});
