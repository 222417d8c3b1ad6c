import { parseRetryAfter, retryDelayMs, tierBounds, tierDelayMs, deferredUntil } from './retry-schedule';

describe('tierDelayMs', () => {
  it.each([
    ['30s', 30_000],
    ['1s', 1000],
    ['2m', 120_000],
    ['6h', 21_600_000],
  ])('%s = %d ms', (tier, ms) => expect(tierDelayMs(tier)).toBe(ms));

  it.each(['30', 's', '1d', '1.5m', ''])('refuses "%s"', (tier) => {
    expect(() => tierDelayMs(tier)).toThrow(/retry tier/);
  });
});

describe('retryDelayMs', () => {
  it('spreads ±20% around the tier delay', () => {
    expect(tierBounds('30s')).toEqual({ minMs: 24_000, maxMs: 36_000 });
    expect(retryDelayMs('30s', null, 0)).toBe(24_000);
    expect(retryDelayMs('30s', null, 0.5)).toBe(30_000);
    expect(retryDelayMs('30s', null, 0.999999)).toBe(36_000);
  });

  it.each([
    ['inside the bounds', 30_000, 30_000],
    ['shorter than the tier: the lower bound', 1000, 24_000],
    ['longer than the tier: the upper bound', 3_600_000, 36_000],
    ['zero: the lower bound', 0, 24_000],
  ])('honours Retry-After %s', (_case, retryAfter, expected) => {
    expect(retryDelayMs('30s', retryAfter, 0.9)).toBe(expected);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T10:00:00Z');
  it.each([
    ['120', 120_000],
    [' 5 ', 5000],
    ['0', 0],
    ['Mon, 30 Nov 2026 10:01:00 GMT', 60_000],
    ['Mon, 30 Nov 2026 09:00:00 GMT', 0],
  ])('reads "%s" as %d ms', (header, ms) => expect(parseRetryAfter(header, now)).toBe(ms));

  it.each([undefined, null, '', 'soon', '-5'])('ignores %p', (header) => {
    expect(parseRetryAfter(header, now)).toBeNull();
  });
});

describe('deferredUntil', () => {
  it("is when the circuit closes, but never later than the tier's longest delay", () => {
    expect(deferredUntil('30s', 1000, 21_000)).toBe(21_000);
    expect(deferredUntil('30s', 1000, 100_000)).toBe(1000 + 36_000);
    expect(deferredUntil('30s', 1000, 500)).toBe(1000);
  });

  it("is the tier's delay with jitter when there is no time to wait for", () => {
    expect(deferredUntil('30s', 0, undefined, 0)).toBe(24_000);
    expect(deferredUntil('30s', 0, undefined, 0.5)).toBe(30_000);
  });
});
