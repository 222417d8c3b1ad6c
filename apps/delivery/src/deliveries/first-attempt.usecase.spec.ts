import { Registry } from 'prom-client';
import { type Config } from '@postback/config';
import { type AttemptDelivery, type AttemptInput } from './attempt-delivery.usecase';
import { type DeliveryStore } from './delivery.store';
import { FirstAttempt } from './first-attempt.usecase';
import { HAND_OFF_REASON } from './hand-off-plan';
import { type RetryQueue } from '../retrying/retry-queue';
import { type EndpointLimiter } from '../sending/endpoint-limiter';
import { ThrottleMetrics } from '../sending/throttle.metrics';

const config = {
  deliveryGuards: { firstAttemptBudgetMs: 20 },
  delivery: { retrySchedule: ['1s', '30s'], timeoutMs: 1000 },
} as unknown as Config;
const input = {
  endpoint: { id: 'e1' },
  decision: { decision_id: 'd1', call_id: 'c1', traceparent: null },
  delivery: { deliveryId: 'dl1', attempts: 0 },
  originalTopic: 'conversions.v1',
} as unknown as AttemptInput;

function setUp(waitMs: number, run: () => Promise<void>) {
  const attempt = { run: jest.fn(run), skip: jest.fn(async () => undefined) };
  const store = { transition: jest.fn(async () => true) };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const metrics = new ThrottleMetrics(new Registry());
  const logger = { error: jest.fn(), warn: jest.fn() };
  const first = new FirstAttempt(
    attempt as unknown as AttemptDelivery,
    { waitMs: () => waitMs } as unknown as EndpointLimiter,
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
    expect(attempt.run).toHaveBeenCalledWith(input);
    expect(store.transition).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });

  it('sends nothing to a busy endpoint: the retry path takes it, not as a failure', async () => {
    const { first, attempt, metrics } = setUp(Infinity, async () => undefined);
    await first.run(input);
    expect(attempt.run).not.toHaveBeenCalled();
    expect(attempt.skip).toHaveBeenCalledWith(input, expect.objectContaining({ kind: 'retryable' }));
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
    // Shutdown waits for the request still in flight.
    let drained = false;
    const shutdown = first.beforeApplicationShutdown().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    finish();
    await shutdown;
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
