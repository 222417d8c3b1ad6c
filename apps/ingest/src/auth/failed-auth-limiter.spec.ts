import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  it('stops an address after its failures in a window, until the window ends', () => {
    const limiter = new FailedAuthLimiter({ perWindow: 2, windowMs: 10_000, maxAddresses: 10 });
    limiter.failed('a', 0);
    expect(limiter.retryAfterSeconds('a', 1)).toBe(0);
    limiter.failed('a', 1);
    expect(limiter.retryAfterSeconds('a', 2)).toBe(10);
    expect(limiter.retryAfterSeconds('b', 2)).toBe(0);
    expect(limiter.retryAfterSeconds('a', 10_000)).toBe(0);
  });

  it('forgets the oldest address when full', () => {
    const limiter = new FailedAuthLimiter({ perWindow: 1, windowMs: 10_000, maxAddresses: 1 });
    limiter.failed('a', 0);
    limiter.failed('b', 0);
    expect([limiter.retryAfterSeconds('a', 1), limiter.retryAfterSeconds('b', 1)]).toEqual([0, 10]);
  });
});
