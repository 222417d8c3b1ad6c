import { Registry } from 'prom-client';
import { type Config } from '@postback/config';
import { type AttemptInput, type Sent } from './attempt';
import { AttemptClaims } from './attempt-claims';
import { type AttemptDelivery } from './attempt-delivery.usecase';
import { type DeliveryStore } from './delivery.store';
import { FirstAttempt } from './first-attempt.usecase';
import { HAND_OFF_REASON, HAND_OFF_SLACK_MS } from './hand-off-plan';
import { type SettleAttempts } from './settle-attempts';
import { DeliveryMetrics } from '../delivery.metrics';
import { type RetryQueue } from '../retrying/retry-queue';
import { EndpointLimiter } from '../sending/endpoint-limiter';
import { ThrottleMetrics } from '../sending/throttle.metrics';

const config = {
  deliveryGuards: { firstAttemptBudgetMs: 20 },
  delivery: { retrySchedule: ['1s', '30s'], timeoutMs: 1000 },
} as unknown as Config;
const inputFor = (id: string) =>
  ({
    endpoint: { id },
    decision: { decision_id: 'd1', call_id: 'c1', traceparent: null },
    delivery: { deliveryId: `dl-${id}`, attempts: 0 },
    nextTierIndex: 0,
    originalTopic: 'conversions.v1',
  }) as unknown as AttemptInput;
const input = inputFor('e1');
const sentOk = { kind: 'sent', result: { status: 200 } } as unknown as Sent;

function setUp(waitMs: number, send: (input: AttemptInput) => Promise<Sent>, started = true) {
  const attempt = {
    send: jest.fn(send),
    settle: jest.fn(async () => undefined),
    notSent: jest.fn(async () => undefined),
    defer: jest.fn(async () => undefined),
  };
  const settle = { settleAll: jest.fn(async () => undefined) };
  const store = { transition: jest.fn(async () => true) };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const metrics = new ThrottleMetrics(new Registry());
  const deliveryMetrics = new DeliveryMetrics(new Registry());
  const claims = new AttemptClaims();
  const logger = { error: jest.fn(), warn: jest.fn() };
  const first = new FirstAttempt(
    attempt as unknown as AttemptDelivery,
    settle as unknown as SettleAttempts,
    { reserveWithin: async () => (waitMs > 20 ? null : { started }), release: () => undefined } as never,
    store as unknown as DeliveryStore,
    queue as unknown as RetryQueue,
    metrics,
    claims,
    deliveryMetrics,
    config,
    logger as never,
  );
  return { first, attempt, settle, store, queue, metrics, claims, deliveryMetrics };
}

describe('FirstAttempt', () => {
  it('settles prompt attempts together and hands nothing off', async () => {
    const { first, attempt, settle, store, queue } = setUp(0, async () => sentOk);
    await first.runAll([input, inputFor('e2')]);
    expect(attempt.send).toHaveBeenCalledTimes(2);
    expect(settle.settleAll).toHaveBeenCalledWith([
      { input, sent: sentOk },
      { input: inputFor('e2'), sent: sentOk },
    ]);
    expect(store.transition).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('sends nothing to a busy endpoint: the retry path takes it, not as a failure', async () => {
    const { first, attempt, metrics } = setUp(Infinity, async () => sentOk);
    await first.runAll([input]);
    expect(attempt.send).not.toHaveBeenCalled();
    expect(attempt.defer).toHaveBeenCalledWith(input, expect.stringContaining('endpoint busy'));
    expect((await metrics.handedOff.get()).values).toEqual([
      expect.objectContaining({ labels: { endpoint_id: 'e1', reason: 'busy' }, value: 1 }),
    ]);
  });

  it('passes on an attempt that sent nothing (circuit open, unrenderable)', async () => {
    const deferred = { kind: 'deferred', reason: 'circuit open' } as const;
    const { first, attempt, settle } = setUp(0, async () => deferred);
    await first.runAll([input]);
    expect(attempt.notSent).toHaveBeenCalledWith(input, deferred);
    expect(settle.settleAll).toHaveBeenCalledWith([]);
  });

  it('hands a slow attempt off after the budget while the prompt ones settle, and it settles alone later', async () => {
    let finish!: () => void;
    const { first, attempt, settle, store, queue } = setUp(0, (i) =>
      i.endpoint.id === 'slow'
        ? new Promise<Sent>((resolve) => (finish = () => resolve(sentOk)))
        : Promise.resolve(sentOk),
    );
    const slow = inputFor('slow');
    const before = Date.now();
    await first.runAll([input, slow]);
    expect(settle.settleAll).toHaveBeenCalledWith([{ input, sent: sentOk }]);
    expect(store.transition).toHaveBeenCalledWith(
      slow.delivery,
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
    expect(first.inFlight('dl-slow')).toBe(true);
    // Shutdown waits for the request still in flight, which then settles on its own.
    let drained = false;
    const shutdown = first.beforeApplicationShutdown().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    finish();
    await shutdown;
    expect(attempt.settle).toHaveBeenCalledWith(slow, sentOk);
    expect(first.inFlight('dl-slow')).toBe(false);
  });

  it('waits again at the end of shutdown for an attempt that started after the first wait', async () => {
    let finish!: () => void;
    const { first } = setUp(0, () => new Promise<Sent>((resolve) => (finish = () => resolve(sentOk))));
    await first.beforeApplicationShutdown(); // nothing in flight yet
    // A retry job came due before the consumers stopped: its attempt outlasts the budget.
    await first.runAll([inputFor('late')]);
    expect(first.inFlight('dl-late')).toBe(true);
    let drained = false;
    const shutdown = first.onApplicationShutdown().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    finish();
    await shutdown;
    expect(first.inFlight('dl-late')).toBe(false);
  });

  it('hands a slow retry off on its own tier at the earliest, due within that tier’s delay', async () => {
    const { first, store, queue } = setUp(0, () => new Promise<Sent>(() => undefined));
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

  it('hands nothing off for a late attempt that sent nothing: it waits for it', async () => {
    let finish!: () => void;
    const deferred = { kind: 'deferred', reason: 'circuit open' } as const;
    const { first, attempt, store, queue } = setUp(
      0,
      () => new Promise<Sent>((resolve) => (finish = () => resolve(deferred))),
      false,
    );
    let ended = false;
    const running = first.runAll([input]).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(false);
    finish();
    await running;
    expect(attempt.settle).toHaveBeenCalledWith(input, deferred);
    expect(store.transition).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('hands nothing off when the attempt was recorded meanwhile, and waits for what follows it', async () => {
    let finish!: () => void;
    const { first, attempt, store, queue } = setUp(
      0,
      () => new Promise<Sent>((resolve) => (finish = () => resolve(sentOk))),
    );
    store.transition.mockResolvedValue(false);
    let ended = false;
    const running = first.runAll([input]).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The offset must not commit before the recorded attempt's outcome is produced.
    expect(ended).toBe(false);
    finish();
    await running;
    expect(attempt.settle).toHaveBeenCalledWith(input, sentOk);
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('sends nothing beside an attempt of the same delivery still in flight here', async () => {
    let finish!: () => void;
    const { first, attempt } = setUp(
      0,
      () => new Promise<Sent>((resolve) => (finish = () => resolve(sentOk))),
    );
    await first.runAll([input]); // handed off, still in flight
    await first.run(input);
    expect(attempt.send).toHaveBeenCalledTimes(1);
    finish();
    await first.beforeApplicationShutdown();
  });

  it('sends nothing beside an attempt of the same delivery still sending within its budget', async () => {
    let finish!: () => void;
    const { first, attempt, settle, deliveryMetrics } = setUp(
      0,
      () => new Promise<Sent>((resolve) => (finish = () => resolve(sentOk))),
    );
    // A second job of the same count (put back, or produced again) comes due meanwhile.
    const running = first.runAll([input]);
    expect(first.inFlightAt(input.delivery.deliveryId)).toBe(0);
    await first.run(input);
    finish();
    await running;
    expect(attempt.send).toHaveBeenCalledTimes(1);
    expect(settle.settleAll).toHaveBeenCalledWith([{ input, sent: sentOk }]);
    expect((await deliveryMetrics.attemptsRefused.get()).values).toEqual([
      expect.objectContaining({ labels: { endpoint_id: 'e1' }, value: 1 }),
    ]);
    expect(first.inFlight(input.delivery.deliveryId)).toBe(false);
  });

  it('sends nothing for a count read before an attempt recorded here since', async () => {
    const { first, attempt, claims } = setUp(0, async () => sentOk);
    // The handler read attempts 0; meanwhile another attempt of the delivery was recorded.
    claims.recordedAt(input.delivery.deliveryId, 1);
    await first.run(input);
    expect(attempt.send).not.toHaveBeenCalled();
    await first.run({ ...input, delivery: { ...input.delivery, attempts: 1 } } as AttemptInput);
    expect(attempt.send).toHaveBeenCalledTimes(1);
  });

  it('frees the delivery for its next attempt once one is settled or sent nothing', async () => {
    const deferred = { kind: 'deferred', reason: 'circuit open' } as const;
    let answer: Sent = deferred;
    const { first, attempt } = setUp(0, async () => answer);
    await first.run(input);
    answer = sentOk;
    await first.run(input);
    expect(attempt.send).toHaveBeenCalledTimes(2);
    expect(first.inFlight(input.delivery.deliveryId)).toBe(false);
  });

  it('waits for the attempt in flight when the hand-off cannot be written, instead of failing', async () => {
    let finish!: () => void;
    const { first, attempt, store } = setUp(
      0,
      () => new Promise<Sent>((resolve) => (finish = () => resolve(sentOk))),
    );
    store.transition.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const running = first.runAll([input]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    finish();
    await expect(running).resolves.toBeUndefined();
    expect(attempt.settle).toHaveBeenCalledWith(input, sentOk);
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
      settle: jest.fn(async () => undefined),
      send: jest.fn(async (given: AttemptInput) => {
        const asked = Date.now();
        await limiter.run(given.endpoint, async () => late.push(Date.now() - asked), given.reservation);
        return sentOk;
      }),
    };
    const first = new FirstAttempt(
      attempt as unknown as AttemptDelivery,
      { settleAll: jest.fn(async () => undefined) } as unknown as SettleAttempts,
      limiter,
      { transition: jest.fn(async () => true) } as unknown as DeliveryStore,
      { enqueue: jest.fn(async () => undefined) } as unknown as RetryQueue,
      new ThrottleMetrics(new Registry()),
      new AttemptClaims(),
      new DeliveryMetrics(new Registry()),
      { ...config, deliveryGuards: { firstAttemptBudgetMs: 1500 } } as Config,
      { error: jest.fn(), warn: jest.fn() } as never,
    );
    const one = (n: number) =>
      ({ ...input, endpoint, delivery: { deliveryId: `dl-${n}`, attempts: 0 } }) as unknown as AttemptInput;
    // One a second: the first now, the second in 1 s (within the budget), the third would be
    // in 2 s — past the budget, so it is deferred instead of queued behind the second.
    const runs = [first.run(one(1)), first.run(one(2)), first.run(one(3))];
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(runs);
    await first.beforeApplicationShutdown();
    expect(attempt.send).toHaveBeenCalledTimes(2);
    expect(attempt.defer).toHaveBeenCalledTimes(1);
    expect(late).toHaveLength(2);
    expect(Math.max(...late)).toBeLessThanOrEqual(1500);
  });
});
