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

describe('EndpointLimiter: limits per endpoint', () => {
  it("applies an endpoint's own in-flight limit and tells how long a start would wait", async () => {
    const limiter = new EndpointLimiter({ concurrency: 100, ratePerSecond: 0 });
    const endpoint = { id: 'e1', max_in_flight: 1, rate_limit_per_second: null };
    let release!: () => void;
    const held = limiter.run(endpoint, () => new Promise<void>((resolve) => (release = resolve)));
    expect(limiter.waitMs(endpoint)).toBe(Infinity);
    expect(limiter.waitMs({ id: 'e2', max_in_flight: null, rate_limit_per_second: null })).toBe(0);
    release();
    await held;
    expect(limiter.waitMs(endpoint)).toBe(0);
  });

  it('has no rate limit by default (0), and an endpoint rate reports the wait for a token', async () => {
    let now = 0;
    const waits: [string, number][] = [];
    const limiter = new EndpointLimiter(
      { concurrency: 10, ratePerSecond: 0 },
      () => now,
      (id, ms) => waits.push([id, ms]),
    );
    for (let i = 0; i < 500; i++) await limiter.run('unlimited', async () => undefined);
    const slow = { id: 'slow', rate_limit_per_second: 0.5 };
    await limiter.run(slow, async () => undefined);
    expect(limiter.waitMs(slow)).toBe(2000);
    jest.useFakeTimers();
    try {
      const second = limiter.run(slow, async () => undefined);
      now = 2000;
      await jest.advanceTimersByTimeAsync(2000);
      await second;
    } finally {
      jest.useRealTimers();
    }
    expect(waits).toEqual([['slow', 2000]]);
  });
});

describe('EndpointLimiter: reserveWithin', () => {
  const endpoint = { id: 'e1', max_in_flight: 1, rate_limit_per_second: null };

  afterEach(() => jest.useRealTimers());

  it('waits for a slot that frees within the wait, and takes it', async () => {
    jest.useFakeTimers();
    const limiter = new EndpointLimiter({ concurrency: 100, ratePerSecond: 0 });
    const first = limiter.reserve(endpoint, 0)!;
    const second = limiter.reserveWithin(endpoint, 2000, 200);
    await jest.advanceTimersByTimeAsync(50);
    limiter.release(first);
    const taken = await second;
    expect(taken).not.toBeNull();
    expect(limiter.waitMs(endpoint)).toBe(Infinity); // the slot is the second's now
    limiter.release(taken!);
    expect(limiter.waitMs(endpoint)).toBe(0);
  });

  it('gives up (null, nothing taken) when no slot frees within the wait', async () => {
    jest.useFakeTimers();
    const limiter = new EndpointLimiter({ concurrency: 100, ratePerSecond: 0 });
    const held = limiter.reserve(endpoint, 0)!;
    const waiting = limiter.reserveWithin(endpoint, 2000, 200);
    await jest.advanceTimersByTimeAsync(200);
    await expect(waiting).resolves.toBeNull();
    limiter.release(held);
    expect(limiter.waitMs(endpoint)).toBe(0); // the waiter that gave up took nothing
  });

  it('does not wait for a token further away than the budget (a rate limit is not a slot)', async () => {
    const now = 0;
    const limiter = new EndpointLimiter({ concurrency: 10, ratePerSecond: 0 }, () => now);
    const slow = { id: 'slow', max_in_flight: null, rate_limit_per_second: 0.5 };
    expect(await limiter.reserveWithin(slow, 100, 200)).not.toBeNull();
    expect(await limiter.reserveWithin(slow, 100, 200)).toBeNull(); // the next token is 2 s away
  });
});
