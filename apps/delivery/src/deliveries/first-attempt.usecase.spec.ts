import { Registry } from 'prom-client';
import { type Config } from '@postback/config';
import { type AttemptDelivery, type AttemptInput, type Sent } from './attempt-delivery.usecase';
import { type DeliveryStore } from './delivery.store';
import { FirstAttempt } from './first-attempt.usecase';
import { HAND_OFF_REASON } from './hand-off-plan';
import { type SettleAttempts } from './settle-attempts';
import { type RetryQueue } from '../retrying/retry-queue';
import { type EndpointLimiter } from '../sending/endpoint-limiter';
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
    originalTopic: 'conversions.v1',
  }) as unknown as AttemptInput;
const input = inputFor('e1');
const sentOk = { kind: 'sent', result: { status: 200 } } as unknown as Sent;

function setUp(waitMs: number, send: (input: AttemptInput) => Promise<Sent>) {
  const attempt = {
    send: jest.fn(send),
    settle: jest.fn(async () => undefined),
    skip: jest.fn(async () => undefined),
  };
  const settle = { settleAll: jest.fn(async () => undefined) };
  const store = { transition: jest.fn(async () => true) };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const metrics = new ThrottleMetrics(new Registry());
  const logger = { error: jest.fn(), warn: jest.fn() };
  const first = new FirstAttempt(
    attempt as unknown as AttemptDelivery,
    settle as unknown as SettleAttempts,
    { waitMs: () => waitMs } as unknown as EndpointLimiter,
    store as unknown as DeliveryStore,
    queue as unknown as RetryQueue,
    metrics,
    config,
    logger as never,
  );
  return { first, attempt, settle, store, queue, metrics };
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
    expect(attempt.skip).toHaveBeenCalledWith(input, expect.objectContaining({ kind: 'retryable' }));
    expect((await metrics.handedOff.get()).values).toEqual([
      expect.objectContaining({ labels: { endpoint_id: 'e1', reason: 'busy' }, value: 1 }),
    ]);
  });

  it('skips an attempt that sent nothing (circuit open, unrenderable)', async () => {
    const failure = { kind: 'retryable', reason: 'circuit open', honourRetryAfter: false } as const;
    const { first, attempt, settle } = setUp(0, async () => ({ kind: 'skipped', failure }));
    await first.runAll([input]);
    expect(attempt.skip).toHaveBeenCalledWith(input, failure);
    expect(settle.settleAll).toHaveBeenCalledWith([]);
  });

  it('hands a slow attempt off after the budget while the prompt ones settle, and it settles alone later', async () => {
    let finish!: () => void;
    const { first, attempt, settle, store, queue } = setUp(0, (i) =>
      i.endpoint.id === 'slow'
        ? new Promise<Sent>((resolve) => (finish = () => resolve(sentOk)))
        : Promise.resolve(sentOk),
    );
    const before = Date.now();
    await first.runAll([input, inputFor('slow')]);
    expect(settle.settleAll).toHaveBeenCalledWith([{ input, sent: sentOk }]);
    expect(store.transition).toHaveBeenCalledWith(
      inputFor('slow').delivery,
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
    // Shutdown waits for the request still in flight, which then settles on its own.
    let drained = false;
    const shutdown = first.beforeApplicationShutdown().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    finish();
    await shutdown;
    expect(attempt.settle).toHaveBeenCalledWith(inputFor('slow'), sentOk);
  });

  it('hands nothing off when the attempt was recorded meanwhile (the transition is refused)', async () => {
    const { first, store, queue } = setUp(0, () => new Promise<Sent>(() => undefined));
    store.transition.mockResolvedValue(false);
    await first.runAll([input]);
    expect(queue.enqueue).not.toHaveBeenCalled();
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
