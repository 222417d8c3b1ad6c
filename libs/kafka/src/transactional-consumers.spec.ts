import { type Kafka, type KafkaMessage } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { PermanentMessageError } from './handler-failure';
import { TransactionalConsumers } from './transactional-consumers';
import { type TransactionalSpec } from './transactional-spec';

type EachBatch = (payload: {
  batch: { topic: string; partition: number; messages: KafkaMessage[] };
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
  pause: () => () => void;
}) => Promise<void>;

/** kafkajs as far as the engine goes: the test runs eachBatch and fires group events; the broker's side is a log. */
function fakeKafka() {
  const log: string[] = [];
  const seeks: string[] = [];
  const listeners = new Map<string, () => void>();
  const state = { failCommits: false, eachBatch: undefined as EachBatch | undefined, transactions: 0 };
  const consumer = {
    events: { CRASH: 'crash', REBALANCING: 'rebalancing', GROUP_JOIN: 'join' },
    on: (event: string, listener: () => void) => void listeners.set(event, listener),
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (options: { eachBatch: EachBatch }) => void (state.eachBatch = options.eachBatch),
    disconnect: async () => void log.push('leave'),
    seek: ({ offset }: { offset: string }) => void seeks.push(offset),
  };
  const producer = {
    connect: async () => undefined,
    disconnect: async () => void log.push('drop'),
    transaction: async () => {
      const id = ++state.transactions;
      log.push(`begin ${id}`);
      return {
        sendBatch: async ({ topicMessages }: { topicMessages: { topic: string; messages: unknown[] }[] }) =>
          void log.push(
            `send ${id} ${topicMessages.map((t) => `${t.topic}:${t.messages.length}`).join(' ')}`,
          ),
        sendOffsets: async ({ topics }: { topics: { partitions: { offset: string }[] }[] }) =>
          void log.push(`offsets ${id} ${topics[0].partitions[0].offset}`),
        commit: async () => {
          if (state.failCommits) throw new Error('fenced');
          log.push(`commit ${id}`);
        },
        abort: async () => void log.push(`abort ${id}`),
      };
    },
  };
  const kafka = { consumer: () => consumer, producer: () => producer } as unknown as Kafka;
  return { kafka, log, seeks, listeners, state };
}

const serde = {
  decode: async (value: Buffer) => {
    if (value.toString() === 'garbage') throw new Error('Unknown magic byte');
    return value.toString();
  },
  encode: async (_topic: string, value: unknown) => Buffer.from(String(value)),
} as unknown as AvroSerde;
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;
const message = (offset: number, value = `v${offset}`) =>
  ({
    offset: String(offset),
    key: Buffer.from(`k${offset}`),
    value: Buffer.from(value),
    headers: {},
  }) as KafkaMessage;

async function started(spec: Partial<TransactionalSpec<string>> = {}, commitIntervalMs = 0) {
  const broker = fakeKafka();
  const consumers = new TransactionalConsumers(
    broker.kafka,
    serde,
    logger,
    undefined,
    undefined,
    commitIntervalMs,
  );
  await consumers.start<string>({
    groupId: 'g',
    topics: ['in'],
    transactionalIdPrefix: 'p',
    deadLetterTopic: 'in.dlq',
    handle: async ({ value }, outbox) => outbox.send('out', [{ key: value, value }]),
    ...spec,
  });
  const resolved: string[] = [];
  const paused: string[] = [];
  const run = (...messages: KafkaMessage[]) =>
    broker.state.eachBatch!({
      batch: { topic: 'in', partition: 0, messages },
      resolveOffset: (offset) => void resolved.push(offset),
      heartbeat: async () => undefined,
      isRunning: () => true,
      isStale: () => false,
      pause: () => {
        paused.push('pause');
        return () => void paused.push('resume');
      },
    });
  return { ...broker, consumers, run, resolved, paused };
}

describe('TransactionalConsumers', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it("commits a batch's output with the offset after its last message, in one transaction", async () => {
    const { run, log, resolved } = await started();
    await run(message(10), message(11));
    expect(log).toEqual(['begin 1', 'send 1 out:2', 'offsets 1 12', 'commit 1']);
    expect(resolved).toEqual(['11']);
  });

  it('dead-letters a poison message inside the transaction and moves on', async () => {
    const dead: string[] = [];
    const { run, log } = await started({
      handle: async ({ value }, outbox) => {
        if (value === 'bad') throw new PermanentMessageError('bad', 'rejected');
        await outbox.send('out', [{ key: value, value }]);
      },
      onDeadLetter: (reason) => void dead.push(reason),
    });
    await run(message(10, 'garbage'), message(11, 'bad'), message(12));
    expect(log).toEqual(['begin 1', 'send 1 in.dlq:2 out:1', 'offsets 1 13', 'commit 1']);
    expect(dead).toEqual(['undecodable_avro', 'rejected']);
  });

  it('aborts a transaction whose commit fails, drops its producer and fetches its messages again', async () => {
    const { run, log, seeks, state } = await started();
    state.failCommits = true;
    await expect(run(message(10), message(11))).rejects.toThrow('fenced');
    expect(log).toEqual(['begin 1', 'send 1 out:2', 'offsets 1 12', 'abort 1', 'drop']);
    expect(seeks).toEqual(['10']);
  });

  it('aborts what is open when the group rebalances, so nothing handled before commits after', async () => {
    const { run, log, seeks, listeners, consumers } = await started({}, 60_000);
    await run(message(10));
    listeners.get('rebalancing')!();
    await consumers.stopAll();
    expect(log).toEqual(['begin 1', 'abort 1', 'drop', 'leave']);
    expect(seeks).toEqual(['10']);
  });

  it('aborts the open transaction when its messages come again (a restart went back to the committed offset)', async () => {
    const { run, log } = await started({}, 60_000);
    await run(message(10), message(11));
    await run(message(10), message(11));
    expect(log).toEqual(['begin 1', 'abort 1', 'drop', 'begin 2']);
  });

  it('commits an open transaction by a timer once the interval is up (fake clock)', async () => {
    const { run, log } = await started({}, 5000);
    await run(message(10));
    await jest.advanceTimersByTimeAsync(4999);
    expect(log).toEqual(['begin 1']);
    await jest.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['begin 1', 'send 1 out:1', 'offsets 1 11', 'commit 1']);
  });

  it('commits what is open when it stops, before leaving the group', async () => {
    const { run, log, consumers } = await started({}, 60_000);
    await run(message(10));
    await consumers.stopAll();
    expect(log).toEqual(['begin 1', 'send 1 out:1', 'offsets 1 11', 'commit 1', 'leave', 'drop']);
  });

  it('pauses a delay topic at the first message not due, commits what came before, resumes when due (fake clock)', async () => {
    const { run, log, paused, resolved } = await started({
      notBefore: (headers) => (headers.due ? Number(headers.due) : null),
    });
    const later = { ...message(11), headers: { due: String(1_000_000 + 5000) } } as KafkaMessage;
    await run(message(10), later);
    expect(log).toEqual(['begin 1', 'send 1 out:1', 'offsets 1 11', 'commit 1']);
    expect(resolved).toEqual(['10']);
    expect(paused).toEqual(['pause']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(paused).toEqual(['pause', 'resume']);
  });
});
