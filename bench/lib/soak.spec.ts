import { p99PerMinute, rssGrowth, soakReport, steadiness } from './soak';

const at = (minute: number, second: number) => 1_000_000 + minute * 60_000 + second * 1000;

describe('p99PerMinute', () => {
  it('groups latencies by the minute their request started, from the first start', () => {
    const samples = [
      ...Array.from({ length: 100 }, (_, i) => ({ startedAt: at(0, i % 60), latencyMs: i + 1 })),
      { startedAt: at(1, 0), latencyMs: 500 },
      { startedAt: at(1, 59.9), latencyMs: 700 },
    ];
    expect(p99PerMinute(samples, at(0, 0), 2)).toEqual([99, 700]);
  });

  it('marks a minute in which nothing arrived as null', () => {
    const samples = [
      { startedAt: at(0, 1), latencyMs: 10 },
      { startedAt: at(2, 1), latencyMs: 20 },
    ];
    expect(p99PerMinute(samples, at(0, 0), 3)).toEqual([10, null, 20]);
  });

  it('gives the last minutes null when none of their postbacks arrived', () => {
    const samples = [{ startedAt: at(0, 1), latencyMs: 10 }];
    expect(p99PerMinute(samples, at(0, 0), 3)).toEqual([10, null, null]);
    expect(steadiness(p99PerMinute(samples, at(0, 0), 3)).steady).toBe(false);
  });

  it('counts the last requests of a run of whole minutes in its last minute', () => {
    const samples = [
      { startedAt: at(0, 0), latencyMs: 10 },
      { startedAt: at(2, 0), latencyMs: 30 },
    ];
    expect(p99PerMinute(samples, at(0, 0), 2)).toEqual([10, 30]);
  });
});

describe('steadiness', () => {
  it('is steady while no minute exceeds 1.5 × the first minute (large latencies)', () => {
    expect(steadiness([800, 900, 1200])).toEqual({ limitMs: 1200, worstMs: 1200, steady: true });
    expect(steadiness([800, 900, 1201]).steady).toBe(false);
  });

  it('allows 100 ms of slack over small latencies', () => {
    expect(steadiness([40, 60, 140])).toEqual({ limitMs: 140, worstMs: 140, steady: true });
    expect(steadiness([40, 141]).steady).toBe(false);
  });

  it('is not steady when a minute had no postback or there is no first minute', () => {
    expect(steadiness([100, null, 100]).steady).toBe(false);
    expect(steadiness([])).toEqual({ limitMs: null, worstMs: null, steady: false });
  });
});

describe('rssGrowth', () => {
  it('gives each service its growth after the first minute in %, met below 15%', () => {
    const growth = rssGrowth({ ingest: 100, rules: 200 }, { ingest: 114.9, rules: 230 });
    expect(growth.ingest).toEqual({
      afterFirstMinuteMiB: 100,
      atEndMiB: 114.9,
      growthPercent: 14.9,
      met: true,
    });
    expect(growth.rules).toEqual({ afterFirstMinuteMiB: 200, atEndMiB: 230, growthPercent: 15, met: false });
  });

  it('counts a shrinking service as met and a missing reading as not met', () => {
    const growth = rssGrowth({ ingest: 100, delivery: 100 }, { ingest: 90, delivery: null, 'rules#2': 50 });
    expect(growth.ingest.growthPercent).toBe(-10);
    expect(growth.ingest.met).toBe(true);
    expect(growth.delivery).toEqual({
      afterFirstMinuteMiB: 100,
      atEndMiB: null,
      growthPercent: null,
      met: false,
    });
    expect(growth['rules#2'].met).toBe(false);
  });
});

describe('soakReport', () => {
  const samples = [
    { startedAt: at(0, 5), latencyMs: 300 },
    { startedAt: at(1, 5), latencyMs: 320 },
  ];

  it('meets all three when delivered exactly once, p99 steady and RSS flat', () => {
    const report = soakReport(
      samples,
      at(0, 0),
      2,
      { afterFirstMinute: { ingest: 100 }, atEnd: { ingest: 101 } },
      true,
    );
    expect(report.p99PerMinuteMs).toEqual([300, 320]);
    expect(report.met).toEqual({ exactlyOnce: true, p99Steady: true, rssGrowth: true });
  });

  it('reports each target missed on its own', () => {
    const report = soakReport(
      [...samples, { startedAt: at(2, 0), latencyMs: 5000 }],
      at(0, 0),
      3,
      { afterFirstMinute: { ingest: 100 }, atEnd: { ingest: 130 } },
      false,
    );
    expect(report.met).toEqual({ exactlyOnce: false, p99Steady: false, rssGrowth: false });
  });

  it('does not meet the RSS target without any reading', () => {
    expect(soakReport(samples, at(0, 0), 2, { afterFirstMinute: {}, atEnd: {} }, true).met.rssGrowth).toBe(
      false,
    );
  });
});
