import { Registry } from 'prom-client';
import { type Config } from '@postback/config';
import { type AttemptDelivery, type AttemptInput } from './attempt-delivery.usecase';
import { type DeliveryStore } from './delivery.store';
import { FirstAttempt } from './first-attempt.usecase';
import { HAND_OFF_REASON, HAND_OFF_SLACK_MS } from './hand-off-plan';
import { type RetryQueue } from '../retrying/retry-queue';
import { EndpointLimiter } from '../sending/endpoint-limiter';
import { ThrottleMetrics } from '../sending/throttle.metrics';

const config = {
  deliveryGuards: { firstAttemptBudgetMs: 20 },
  delivery: { retrySchedule: ['1s', '30s'], timeoutMs: 1000 },
} as unknown as Config;
const input = {
  endpoint: { id: 'e1' },
  decision: { decision_id: 'd1', call_id: 'c1', traceparent: null },
  delivery: { deliveryId: 'dl1', attempts: 0 },
  nextTierIndex: 0,
  originalTopic: 'conversions.v1',
} as unknown as AttemptInput;

function setUp(waitMs: number, run: () => Promise<void>, started = true) {
  const attempt = { run: jest.fn(run), defer: jest.fn(async () => undefined) };
  const store = { transition: jest.fn(async () => true) };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const metrics = new ThrottleMetrics(new Registry());
  const logger = { error: jest.fn(), warn: jest.fn() };
  const first = new FirstAttempt(
    attempt as unknown as AttemptDelivery,
    {
      reserve: () => (waitMs > 20 ? null : { started }),
      release: () => undefined,
    } as unknown as EndpointLimiter,
    store as unknown as DeliveryStore,
    queue as unknown as RetryQueue,
    metrics,
    config,
    logger as never,
  );
  return { first, attempt, store, queue, metrics };
}

describe('FirstAttempt', () => {
  it('waits for a prompt attempt and hands nothing off', async () => {
    const { first, attempt, store, queue } = setUp(0, async () => undefined);
    await first.run(input);
    expect(attempt.run).toHaveBeenCalledWith(expect.objectContaining(input));
    expect(store.transition).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('sends nothing to a busy endpoint: the retry path takes it, not as a failure', async () => {
    const { first, attempt, metrics } = setUp(Infinity, async () => undefined);
    await first.run(input);
    expect(attempt.run).not.toHaveBeenCalled();
    expect(attempt.defer).toHaveBeenCalledWith(input, expect.stringContaining('endpoint busy'));
    expect((await metrics.handedOff.get()).values).toEqual([
      expect.objectContaining({ labels: { endpoint_id: 'e1', reason: 'busy' }, value: 1 }),
    ]);
  });

  it('hands a slow attempt off after the budget with a job due once its request has ended', async () => {
    let finish!: () => void;
    const { first, store, queue } = setUp(0, () => new Promise<void>((resolve) => (finish = resolve)));
    const before = Date.now();
    await first.run(input);
    expect(store.transition).toHaveBeenCalledWith(
      input.delivery,
      expect.objectContaining({ status: 'retrying', error: HAND_OFF_REASON }),
    );
    const [job, tierIndex, dueAt, reason] = queue.enqueue.mock.calls[0] as unknown as [
      { attempts: number },
      number,
      number,
      string,
    ];
    // The first tier at least as long as budget + timeout + slack: '30s', the second.
    expect([job.attempts, tierIndex, reason]).toEqual([0, 1, HAND_OFF_REASON]);
    expect(dueAt).toBeGreaterThanOrEqual(before + 20 + 1000);
    expect(first.inFlight('dl1')).toBe(true);
    // Shutdown waits for the request still in flight.
    let drained = false;
    const shutdown = first.beforeApplicationShutdown().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    finish();
    await shutdown;
    expect(first.inFlight('dl1')).toBe(false);
  });

  it('hands a slow retry off on its own tier at the earliest, due within that tier’s delay', async () => {
    const { first, store, queue } = setUp(0, () => new Promise<void>(() => undefined));
    const retry = { ...input, nextTierIndex: 2 } as AttemptInput;
    const before = Date.now();
    await first.run(retry);
    const [, tierIndex, dueAt] = queue.enqueue.mock.calls[0] as unknown as [unknown, number, number];
    expect(tierIndex).toBe(1);
    // Due after at most the '30s' tier's delay; in flight until budget + timeout + slack.
    expect(dueAt - before).toBeLessThanOrEqual(30_000 + 50);
    const [, next] = store.transition.mock.calls[0] as unknown as [unknown, { nextAttemptAt: Date }];
    expect(next.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(1020 + HAND_OFF_SLACK_MS);
  });

  it('hands nothing off for an attempt that sent nothing (circuit open): it waits for it', async () => {
    let finish!: () => void;
    let ended = false;
    const slowDatabase = () =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void (ended = true));
    const { first, store, queue } = setUp(0, slowDatabase, false);
    const running = first.run(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(false);
    finish();
    await running;
    expect(ended).toBe(true);
    expect(store.transition).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('hands nothing off when the attempt was recorded meanwhile (the transition is refused)', async () => {
    const { first, store, queue } = setUp(0, () => new Promise<void>(() => undefined));
    store.transition.mockResolvedValue(false);
    await first.run(input);
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('waits for the attempt in flight when the hand-off cannot be written, instead of failing', async () => {
    let finish!: () => void;
    let ended = false;
    const { first, store } = setUp(0, () =>
      new Promise<void>((resolve) => (finish = resolve)).then(() => void (ended = true)),
    );
    store.transition.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const running = first.run(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    await expect(running).resolves.toBeUndefined();
    expect(ended).toBe(true);
  });
});

describe('FirstAttempt with the real limiter', () => {
  afterEach(() => jest.useRealTimers());

  it('never starts a request after its budget: the start it was promised is reserved', async () => {
    jest.useFakeTimers();
    const limiter = new EndpointLimiter({ concurrency: 10, ratePerSecond: 0 });
    const endpoint = { id: 'e1', rate_limit_per_second: 1, max_in_flight: null };
    const late: number[] = [];
    const attempt = {
      defer: jest.fn(async () => undefined),
      run: jest.fn(async (given: AttemptInput) => {
        const asked = Date.now();
        await limiter.run(given.endpoint, async () => late.push(Date.now() - asked), given.reservation);
      }),
    };
    const first = new FirstAttempt(
      attempt as unknown as AttemptDelivery,
      limiter,
      { transition: jest.fn(async () => true) } as unknown as DeliveryStore,
      { enqueue: jest.fn(async () => undefined) } as unknown as RetryQueue,
      new ThrottleMetrics(new Registry()),
      { ...config, deliveryGuards: { firstAttemptBudgetMs: 1500 } } as Config,
      { error: jest.fn(), warn: jest.fn() } as never,
    );
    const one = { ...input, endpoint } as unknown as AttemptInput;
    // One a second: the first now, the second in 1 s (within the budget), the third would be
    // in 2 s — past the budget, so it is deferred instead of queued behind the second.
    const runs = [first.run(one), first.run(one), first.run(one)];
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(runs);
    await first.beforeApplicationShutdown();
    expect(attempt.run).toHaveBeenCalledTimes(2);
    expect(attempt.defer).toHaveBeenCalledTimes(1);
    expect(late).toHaveLength(2);
    expect(Math.max(...late)).toBeLessThanOrEqual(1500);
  });
});
