import { type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { EventConsumers } from './event-consumers';
import { PermanentMessageError } from './handler-failure';

type EachBatch = (payload: {
  batch: {
    topic: string;
    partition: number;
    messages: { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }[];
  };
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  isRunning: () => boolean;
  isStale: () => boolean;
}) => Promise<void>;

/** kafkajs stands in as far as `run` goes: the test calls eachBatch as the runner would. */
function consumersWith(): {
  consumers: EventConsumers;
  eachBatch: () => EachBatch;
  deadLettered: { topic: string; key: string }[];
} {
  const deadLettered: { topic: string; key: string }[] = [];
  let eachBatch: EachBatch | undefined;
  const consumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (options: { eachBatch: EachBatch }) => void (eachBatch = options.eachBatch),
    disconnect: async () => undefined,
    events: { CRASH: 'consumer.crash' },
    on: () => undefined,
  };
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async ({ topic, messages }: { topic: string; messages: { key: Buffer }[] }) =>
      void deadLettered.push(...messages.map((m) => ({ topic, key: String(m.key) }))),
  };
  const kafka = { consumer: () => consumer, producer: () => producer } as unknown as Kafka;
  const serde = {
    decode: async (value: Buffer) => {
      if (value.toString() === 'garbage')
        throw Object.assign(new Error('Unknown magic byte'), { name: 'Error' });
      return { id: value.toString() };
    },
  } as unknown as AvroSerde;
  const logger = {
    info: () => undefined,
    error: () => undefined,
    warn: () => undefined,
  } as unknown as Logger;
  return { consumers: new EventConsumers(kafka, serde, logger), eachBatch: () => eachBatch!, deadLettered };
}

const message = (offset: number, key: string, value = `${key}@${offset}`) => ({
  offset: String(offset),
  key: Buffer.from(key),
  value: Buffer.from(value),
  headers: {},
});

function runBatch(eachBatch: EachBatch, messages: ReturnType<typeof message>[]) {
  const resolved: string[] = [];
  const done = eachBatch({
    batch: { topic: 'conversions', partition: 0, messages },
    resolveOffset: (offset) => void resolved.push(offset),
    heartbeat: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  });
  return { done, resolved };
}

describe('EventConsumers', () => {
  afterEach(() => jest.useRealTimers());

  it('heartbeats while a handler is slower than the session timeout (a postback to a slow receiver)', async () => {
    jest.useFakeTimers();
    const { consumers, eachBatch } = consumersWith();
    let finish!: () => void;
    await consumers.start({
      groupId: 'delivery',
      topics: ['conversions'],
      handle: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    let beats = 0;
    const resolved: string[] = [];
    const handled = eachBatch()({
      batch: {
        topic: 'conversions',
        partition: 0,
        messages: [{ offset: '7', key: null, value: Buffer.from('x'), headers: {} }],
      },
      resolveOffset: (offset) => void resolved.push(offset),
      heartbeat: async () => void beats++,
      isRunning: () => true,
      isStale: () => false,
    });
    await jest.advanceTimersByTimeAsync(15_000);
    expect(beats).toBeGreaterThanOrEqual(14);
    expect(resolved).toEqual([]);
    finish();
    await handled;
    expect(resolved).toEqual(['7']);
    const after = beats;
    await jest.advanceTimersByTimeAsync(5000);
    expect(beats).toBe(after);
  });

  it('gives a batch handler several messages at once, never two of one key, and resolves them all', async () => {
    const { consumers, eachBatch } = consumersWith();
    const batches: string[][] = [];
    await consumers.start<{ id: string }>({
      groupId: 'delivery',
      topics: ['conversions'],
      batchSize: 3,
      handle: async () => undefined,
      handleBatch: async (events) => void batches.push(events.map((event) => event.value.id)),
    });
    const { done, resolved } = runBatch(eachBatch(), [
      message(1, 'a'),
      message(2, 'b'),
      message(3, 'a'),
      message(4, 'c'),
    ]);
    await done;
    expect(batches).toEqual([['a@1', 'b@2'], ['a@3'], ['c@4']]);
    expect(resolved).toEqual(['1', '2', '3', '4']);
  });

  it('handles the next wave while one still runs, and resolves offsets only over the unbroken run', async () => {
    const { consumers, eachBatch } = consumersWith();
    const running: string[][] = [];
    const finish = new Map<string, () => void>();
    await consumers.start<{ id: string }>({
      groupId: 'delivery',
      topics: ['conversions'],
      batchSize: 1,
      handle: async () => undefined,
      handleBatch: (events) =>
        new Promise<void>((resolve) => {
          const ids = events.map((event) => event.value.id);
          running.push(ids);
          finish.set(ids[0], resolve);
        }),
    });
    const { done, resolved } = runBatch(eachBatch(), [message(1, 'a'), message(2, 'b'), message(3, 'a')]);
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    expect(running).toEqual([['a@1'], ['b@2']]); // a@3 waits for a@1
    finish.get('b@2')!();
    await settle();
    expect(resolved).toEqual([]); // b@2 is done, a@1 before it is not
    finish.get('a@1')!();
    await settle();
    expect(running).toEqual([['a@1'], ['b@2'], ['a@3']]);
    expect(resolved).toEqual(['1', '2']);
    finish.get('a@3')!();
    await done;
    expect(resolved).toEqual(['1', '2', '3']);
  });

  it('handles a failed batch one message at a time, so that only the poison one is dead-lettered', async () => {
    const { consumers, eachBatch, deadLettered } = consumersWith();
    const handled: string[][] = [];
    await consumers.start<{ id: string }>({
      groupId: 'delivery',
      topics: ['conversions'],
      handle: async () => undefined,
      handleBatch: async (events) => {
        handled.push(events.map((event) => event.value.id));
        if (events.some((event) => event.value.id === 'b@2'))
          throw new PermanentMessageError('bad', 'rejected');
      },
    });
    const { done, resolved } = runBatch(eachBatch(), [
      message(1, 'a'),
      message(2, 'b'),
      message(3, 'c', 'garbage'),
      message(4, 'd'),
    ]);
    await done;
    expect(handled).toEqual([['a@1', 'b@2', 'd@4'], ['a@1'], ['b@2'], ['d@4']]);
    expect(deadLettered).toEqual([
      { topic: 'conversions.dlq', key: 'c' },
      { topic: 'conversions.dlq', key: 'b' },
    ]);
    expect(resolved).toEqual(['1', '2', '3', '4']);
  });
});
