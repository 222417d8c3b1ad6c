import { EndpointLimiter } from './endpoint-limiter';

describe('EndpointLimiter', () => {
  it('never runs more than the concurrency limit at once per endpoint, and others independently', async () => {
    const limiter = new EndpointLimiter({ concurrency: 2, ratePerSecond: 1000 });
    let active = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const task = () =>
      new Promise<void>((resolve) => {
        active += 1;
        peak = Math.max(peak, active);
        releases.push(() => {
          active -= 1;
          resolve();
        });
      });
    const runs = Array.from({ length: 5 }, () => limiter.run('e1', task));
    let other = false;
    await limiter.run('e2', async () => (other = true));
    expect(other).toBe(true);
    while (releases.length > 0 || active > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(runs);
    expect(peak).toBe(2);
  });

  it('holds a burst to the rate: the next start waits for a token', async () => {
    let now = 0;
    const limiter = new EndpointLimiter({ concurrency: 10, ratePerSecond: 2 }, () => now);
    const started: number[] = [];
    await limiter.run('e1', async () => started.push(now));
    await limiter.run('e1', async () => started.push(now));
    jest.useFakeTimers();
    try {
      const third = limiter.run('e1', async () => started.push(now));
      await Promise.resolve();
      expect(started).toHaveLength(2);
      now = 500;
      await jest.advanceTimersByTimeAsync(500);
      await third;
      expect(started).toEqual([0, 0, 500]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('passes the task result and error through, and frees the slot either way', async () => {
    const limiter = new EndpointLimiter({ concurrency: 1, ratePerSecond: 1000 });
    await expect(limiter.run('e1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('e1', () => Promise.resolve(7))).resolves.toBe(7);
  });
});
