import { type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { EventConsumers } from './event-consumers';

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
function consumersWith(): { consumers: EventConsumers; eachBatch: () => EachBatch } {
  let eachBatch: EachBatch | undefined;
  const consumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (options: { eachBatch: EachBatch }) => void (eachBatch = options.eachBatch),
    disconnect: async () => undefined,
    events: { CRASH: 'consumer.crash' },
    on: () => undefined,
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  const serde = { decode: async () => ({ id: 'conv-1' }) } as unknown as AvroSerde;
  const logger = { info: () => undefined, error: () => undefined } as unknown as Logger;
  return { consumers: new EventConsumers(kafka, serde, logger), eachBatch: () => eachBatch! };
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
});
