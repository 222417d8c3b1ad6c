import { type KafkaMessage } from 'kafkajs';
import { handleInInterval, handleUntilDue } from './partition-batch';
import { MESSAGES_PER_TRANSACTION, PartitionTransactions } from './partition-transactions';
import { type TransactionalProducers } from './transactional-producers';
import { type TransactionalSpec } from './transactional-spec';
import { type TransactionalHandler } from './transactional-handler';

/** The transactions a partition ran, as the broker would see them. */
class FakeBroker {
  readonly log: string[] = [];
  failCommits = false;
  private next = 0;

  producers(): TransactionalProducers {
    return {
      producerFor: async () => ({
        transaction: async () => {
          const id = ++this.next;
          this.log.push(`begin ${id}`);
          return {
            sendOffsets: async ({ topics }: { topics: { partitions: { offset: string }[] }[] }) =>
              void this.log.push(`offsets ${id} ${topics[0].partitions[0].offset}`),
            commit: async () => {
              if (this.failCommits) throw new Error('fenced');
              this.log.push(`commit ${id}`);
            },
            abort: async () => void this.log.push(`abort ${id}`),
          };
        },
      }),
      sendOutput: async () => undefined,
      dropProducer: async () => void this.log.push('drop'),
    } as unknown as TransactionalProducers;
  }
}

describe('a partition transaction kept open across fetched batches', () => {
  const spec = { groupId: 'g', transactionalIdPrefix: 'p' } as TransactionalSpec<string>;
  const hooks = { heartbeat: async () => undefined, isRunning: () => true };
  const messages = (...offsets: number[]) =>
    offsets.map((offset) => ({ offset: String(offset), key: Buffer.from('k') }) as KafkaMessage);
  let broker: FakeBroker;
  let open: PartitionTransactions<string>;
  let resolved: string[];
  let rewound: string[];
  const batch = (...offsets: number[]) => ({
    open,
    messages: messages(...offsets),
    hooks,
    resolveOffset: (offset: string) => void resolved.push(offset),
  });

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    broker = new FakeBroker();
    open = new PartitionTransactions(
      broker.producers(),
      {
        process: async () => undefined,
        processAll: async () => undefined,
      } as unknown as TransactionalHandler<string>,
      { ...spec, handleBatch: async () => undefined },
      'in',
      0,
    );
    resolved = [];
    rewound = [];
    open.rewind = (offset) => void rewound.push(offset);
  });

  afterEach(() => jest.useRealTimers());

  it('commits the batches of one commit interval in one transaction, by a timer when no more come', async () => {
    const failed: unknown[] = [];
    await handleInInterval(
      batch(10, 11),
      100,
      () => false,
      (error) => failed.push(error),
    );
    jest.advanceTimersByTime(40);
    await handleInInterval(
      batch(12),
      100,
      () => false,
      (error) => failed.push(error),
    );
    // Each message is resolved as it is handled, so the next fetch goes on; nothing committed yet.
    expect(resolved).toEqual(['11', '12']);
    expect(broker.log).toEqual(['begin 1']);
    await jest.advanceTimersByTimeAsync(60);
    expect(broker.log).toEqual(['begin 1', 'offsets 1 13', 'commit 1']);
    expect(failed).toEqual([]);
  });

  it('commits in the batch once the interval is up, and at once when stopping or with no interval', async () => {
    await handleInInterval(
      batch(1),
      100,
      () => false,
      () => undefined,
    );
    jest.setSystemTime(1_000_100);
    await handleInInterval(
      batch(2),
      100,
      () => false,
      () => undefined,
    );
    expect(broker.log).toEqual(['begin 1', 'offsets 1 3', 'commit 1']);
    await handleInInterval(
      batch(3),
      0,
      () => false,
      () => undefined,
    );
    await handleInInterval(
      batch(4),
      100,
      () => true,
      () => undefined,
    );
    expect(broker.log.slice(3)).toEqual([
      'begin 2',
      'offsets 2 4',
      'commit 2',
      'begin 3',
      'offsets 3 5',
      'commit 3',
    ]);
  });

  it('commits a large transaction without waiting for the interval', async () => {
    const many = Array.from({ length: MESSAGES_PER_TRANSACTION }, (_, i) => i);
    await handleInInterval(
      batch(...many),
      100,
      () => false,
      () => undefined,
    );
    expect(broker.log).toEqual(['begin 1', `offsets 1 ${MESSAGES_PER_TRANSACTION}`, 'commit 1']);
  });

  it('aborts a transaction whose timed commit failed and fetches its messages again from the first', async () => {
    const failed: unknown[] = [];
    broker.failCommits = true;
    await handleInInterval(
      batch(7, 8),
      100,
      () => false,
      (error) => failed.push(error),
    );
    await handleInInterval(
      batch(9),
      100,
      () => false,
      (error) => failed.push(error),
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(broker.log).toEqual(['begin 1', 'offsets 1 10', 'abort 1', 'drop']);
    expect(rewound).toEqual(['7']);
    expect(failed).toHaveLength(1);
  });

  it('knows when messages it holds come again (a rejoin went back to the committed offset)', async () => {
    await handleInInterval(
      batch(20, 21),
      100,
      () => false,
      () => undefined,
    );
    expect([open.holdsFrom('21'), open.holdsFrom('20'), open.holdsFrom('22')]).toEqual([true, true, false]);
    await open.abort();
    expect(open.holdsFrom('20')).toBe(false);
    expect(rewound).toEqual(['20']);
  });

  it('on a delay topic, commits what came before the first message not due and pauses until it is', async () => {
    const paused: number[] = [];
    const due = (_headers: Record<string, string>, key: string | null) => (key === 'late' ? 1_005_000 : null);
    const mixed = [...messages(30, 31), { offset: '32', key: Buffer.from('late') } as KafkaMessage];
    await handleUntilDue({ ...batch(), messages: mixed }, due, (at) => paused.push(at));
    expect(broker.log).toEqual(['begin 1', 'offsets 1 32', 'commit 1']);
    expect(resolved).toEqual(['30', '31']);
    expect(paused).toEqual([1_005_000]);
  });
});
