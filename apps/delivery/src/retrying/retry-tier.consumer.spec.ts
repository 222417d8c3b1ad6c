import { type DeliveryJob } from '@postback/contracts';
import { KafkaEventContext } from '@postback/kafka';
import { RetryTierConsumer } from './retry-tier.consumer';
import { RetryHeader } from './retry-headers';
import { FollowedUpHere } from '../deliveries/followed-up-here';
import { HAND_OFF_REASON } from '../deliveries/hand-off-plan';

const NOW = 1_000_000_000;
const delivery = (over: Record<string, unknown>) => ({
  deliveryId: 'dl-1',
  endpointId: 'e1',
  decisionId: 'd1',
  callId: 'c1',
  status: 'retrying',
  attempts: 0,
  lastError: 'circuit open',
  nextAttemptAt: new Date(NOW - 1),
  decision: { traceparent: null },
  ...over,
});

/** `inFlightAt`: the count an attempt under way here read (null: none). */
function setUp(row: ReturnType<typeof delivery>, inFlightAt: number | null = null) {
  const timeBoxed = {
    run: jest.fn(async () => undefined),
    inFlight: () => inFlightAt !== null,
    inFlightAt: () => inFlightAt,
  };
  const queue = { enqueue: jest.fn(async () => undefined) };
  const republish = { execute: jest.fn(async () => undefined) };
  const followedUp = new FollowedUpHere();
  const consumer = new RetryTierConsumer(
    { delivery: { retrySchedule: ['1s', '5s'] } } as never,
    { get: async () => row } as never,
    { get: async () => ({ id: 'e1', active: true }) } as never,
    { skip: jest.fn() } as never,
    timeBoxed as never,
    queue as never,
    republish as never,
    followedUp,
    { debug: jest.fn(), error: jest.fn() } as never,
  );
  const handle = (attempt: number, headers: Record<string, string> = {}) =>
    (
      consumer as unknown as {
        handleJob(
          event: { value: DeliveryJob; headers: Record<string, string>; topic: string },
          tier: number,
        ): Promise<void>;
      }
    ).handleJob(
      { value: { delivery_id: 'dl-1', attempt } as DeliveryJob, headers, topic: 'postbacks.retry.1s' },
      0,
    );
  return { handle, consumer, timeBoxed, queue, republish, followedUp };
}

describe('RetryTierConsumer', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('sends a due job of the current count', async () => {
    const { handle, timeBoxed } = setUp(delivery({}));
    await handle(0);
    expect(timeBoxed.run).toHaveBeenCalledTimes(1);
  });

  it('puts back the hand-off job while its attempt is in flight here, never sends beside it', async () => {
    const { handle, timeBoxed, queue } = setUp(delivery({ lastError: HAND_OFF_REASON }), 0);
    await handle(0, { [RetryHeader.Error]: HAND_OFF_REASON });
    expect(timeBoxed.run).not.toHaveBeenCalled();
    expect(queue.enqueue).toHaveBeenCalledWith(expect.anything(), 0, expect.any(Number), HAND_OFF_REASON);
  });

  it('drops a second job of the count an attempt under way here holds: nothing sent, nothing produced', async () => {
    const { handle, timeBoxed, queue, republish } = setUp(delivery({}), 0);
    await handle(0);
    expect(timeBoxed.run).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
    expect(republish.execute).not.toHaveBeenCalled();
  });

  it('puts back a job of a newer count than the attempt under way here read (it is superseded), never sends beside it', async () => {
    const { handle, timeBoxed, queue } = setUp(delivery({ attempts: 1 }), 0);
    await handle(1);
    expect(timeBoxed.run).not.toHaveBeenCalled();
    expect(queue.enqueue).toHaveBeenCalledTimes(1);
  });

  it('puts back a job that is not the hand-off job while a handed-off attempt may be in flight in a replica', async () => {
    const row = delivery({ lastError: HAND_OFF_REASON, nextAttemptAt: new Date(NOW + 30_000) });
    const { handle, timeBoxed, queue } = setUp(row);
    await handle(0);
    expect(timeBoxed.run).not.toHaveBeenCalled();
    expect(queue.enqueue).toHaveBeenCalledTimes(1);
  });

  it('lets a hand-off job of a finished delivery produce its outcome again (the process may have died before)', async () => {
    const row = delivery({ status: 'delivered', attempts: 1 });
    const { handle, republish } = setUp(row);
    await handle(0, { [RetryHeader.Error]: HAND_OFF_REASON });
    expect(republish.execute).toHaveBeenCalledTimes(1);
  });

  it('drops the hand-off job of a delivery this process finished and produced the outcome of', async () => {
    const row = delivery({ status: 'failed', attempts: 1 });
    const { handle, republish, followedUp } = setUp(row);
    followedUp.produced('dl-1', 1);
    await handle(0, { [RetryHeader.Error]: HAND_OFF_REASON });
    expect(republish.execute).not.toHaveBeenCalled();
  });

  it('takes the job and its tier from the consumed event', async () => {
    const { consumer, timeBoxed } = setUp(delivery({}));
    const job = { delivery_id: 'dl-1', attempt: 0 } as DeliveryJob;
    const event = {
      topic: 'postbacks.retry.5s',
      partition: 0,
      offset: '1',
      key: 'c1',
      value: job,
      headers: {},
    };
    await consumer.handle(new KafkaEventContext([[event], null]));
    expect(timeBoxed.run).toHaveBeenCalledWith(
      expect.objectContaining({ nextTierIndex: 2, source: 'postbacks.retry.5s' }),
    );
  });
});
