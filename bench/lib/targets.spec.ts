import { type RunFigures, headlineTargets, ratio } from './targets';

const run = (rate: number, over: Partial<RunFigures> = {}): RunFigures => ({
  rate,
  exactlyOnce: true,
  settled: true,
  latencyMs: { p99: 100 },
  cpuMsPerDisposition: 1.2,
  request: { errors: 0 },
  drainedAfterLoadMs: 5000,
  ...over,
});
const ratios = { ingestVsBare: 0.4, ingestVsBroker: 0.3, deliveryVsClient: 0.7, fanOutVsSingle: 0.8 };
const allRuns = [
  run(500),
  run(1000, { latencyMs: { p99: 1000 } }),
  run(2000, { drainedAfterLoadMs: 30_000 }),
];

describe('headlineTargets', () => {
  it("meets every target exactly at issue 12's thresholds", () => {
    expect(headlineTargets(ratios, allRuns)).toEqual({
      ingestVsBare: true,
      ingestVsBroker: true,
      deliveryVsClient: true,
      fanOut: true,
      endToEndP99: true,
      endToEndP99At1000: true,
      cpuMsPerDisposition: true,
      noneUnanswered: true,
      exactlyOnceAndDrainedAt2000: true,
    });
  });

  it('misses each ratio just below its threshold (40%, 30%, 70%, 80%)', () => {
    const below = {
      ingestVsBare: 0.399,
      ingestVsBroker: 0.299,
      deliveryVsClient: 0.699,
      fanOutVsSingle: 0.799,
    };
    const targets = headlineTargets(below, allRuns);
    expect([targets.ingestVsBare, targets.ingestVsBroker, targets.deliveryVsClient, targets.fanOut]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('misses a ratio whose part did not run', () => {
    const none = { ingestVsBare: null, ingestVsBroker: null, deliveryVsClient: null, fanOutVsSingle: null };
    expect(Object.values(headlineTargets(none, [])).every((met) => met === false)).toBe(true);
  });

  it('judges p99 at 500/s against 250 ms and at 1,000/s against 1 s, and needs exactly once', () => {
    expect(headlineTargets(ratios, [run(500, { latencyMs: { p99: 251 } })]).endToEndP99).toBe(false);
    expect(headlineTargets(ratios, [run(500, { exactlyOnce: false })]).endToEndP99).toBe(false);
    expect(headlineTargets(ratios, [run(1000, { latencyMs: { p99: 1001 } })]).endToEndP99At1000).toBe(false);
  });

  it('needs ≤ 1.5 CPU-ms and no unanswered request at both 500/s and 1,000/s', () => {
    const cpu = headlineTargets(ratios, [run(500), run(1000, { cpuMsPerDisposition: 1.51 })]);
    expect(cpu.cpuMsPerDisposition).toBe(false);
    const unanswered = headlineTargets(ratios, [run(500, { request: { errors: 1 } }), run(1000)]);
    expect(unanswered.noneUnanswered).toBe(false);
    expect(headlineTargets(ratios, [run(500)]).noneUnanswered).toBe(false);
  });

  it('at 2,000/s needs exactly once and the last postback within 30 s of the load stopping', () => {
    const at2000 = (over: Partial<RunFigures>) =>
      headlineTargets(ratios, [run(2000, over)]).exactlyOnceAndDrainedAt2000;
    expect(at2000({ drainedAfterLoadMs: 30_001 })).toBe(false);
    expect(at2000({ exactlyOnce: false })).toBe(false);
    expect(at2000({ settled: false, drainedAfterLoadMs: null })).toBe(false);
  });

  it('leaves the soak run at 1,000/s out of the 1,000/s targets', () => {
    const soak = run(1000, { soak: true, latencyMs: { p99: 90_000 } });
    expect(headlineTargets(ratios, [soak, run(1000)]).endToEndP99At1000).toBe(true);
    expect(headlineTargets(ratios, [soak]).endToEndP99At1000).toBe(false);
  });
});

describe('ratio', () => {
  it('divides, or gives null without a positive ceiling', () => {
    expect(ratio(200, 250)).toBe(0.8);
    expect(ratio(200, 0)).toBeNull();
    expect(ratio(undefined, 250)).toBeNull();
    expect(ratio(200, null)).toBeNull();
  });
});
