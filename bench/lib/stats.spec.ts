import { extent, summarise } from './stats';

describe('extent', () => {
  it("finds the smallest and largest of a soak's 600,000 start times", () => {
    const starts = Array.from({ length: 600_000 }, (_, i) => 1_000_000 + ((i * 7919) % 600_000));
    expect(extent(starts)).toEqual({ min: 1_000_000, max: 1_599_999 });
  });

  it('gives Infinity and -Infinity for nothing', () => {
    expect(extent([])).toEqual({ min: Infinity, max: -Infinity });
  });
});

describe('summarise', () => {
  it('gives nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(summarise(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });
});
