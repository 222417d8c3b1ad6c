import { type Bucket, takeToken } from './token-bucket';

describe('takeToken', () => {
  const drain = (rate: number, count: number, now: number) => {
    let bucket: Bucket | undefined;
    const results = [];
    for (let i = 0; i < count; i++) {
      const taken = takeToken(bucket, rate, now);
      bucket = taken.bucket;
      results.push(taken.result.allowed);
    }
    return { bucket: bucket!, results };
  };

  it('allows a burst of one second of the rate, then refuses', () => {
    const { results } = drain(5, 7, 1000);
    expect(results).toEqual([true, true, true, true, true, false, false]);
  });

  it('refills at the rate', () => {
    const { bucket } = drain(5, 5, 1000);
    expect(takeToken(bucket, 5, 1100).result.allowed).toBe(false);
    expect(takeToken(bucket, 5, 1200).result.allowed).toBe(true);
    expect(takeToken(bucket, 5, 60_000).bucket.tokens).toBe(4);
  });

  it.each([
    [1, 1],
    [0.5, 2],
    [0.2, 5],
    [10, 1],
  ])('at %p per second, Retry-After is %p s', (rate, seconds) => {
    const { bucket } = drain(rate, Math.max(1, Math.floor(rate)), 0);
    const taken = takeToken({ ...bucket, tokens: 0 }, rate, 0);
    expect(taken.result).toEqual({ allowed: false, retryAfterSeconds: seconds });
  });
});
