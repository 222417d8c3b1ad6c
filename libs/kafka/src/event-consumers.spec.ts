import { type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { EventConsumers } from './event-consumers';

type EachMessage = (payload: {
  topic: string;
  partition: number;
  message: { offset: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> };
  heartbeat: () => Promise<void>;
}) => Promise<void>;

/** kafkajs stands in as far as `run` goes: the test calls eachMessage as the runner would. */
function consumersWith(): { consumers: EventConsumers; eachMessage: () => EachMessage } {
  let eachMessage: EachMessage | undefined;
  const consumer = {
    connect: async () => undefined,
    subscribe: async () => undefined,
    run: async (options: { eachMessage: EachMessage }) => void (eachMessage = options.eachMessage),
    disconnect: async () => undefined,
  };
  const kafka = { consumer: () => consumer } as unknown as Kafka;
  const serde = { decode: async () => ({ id: 'conv-1' }) } as unknown as AvroSerde;
  const logger = { info: () => undefined, error: () => undefined } as unknown as Logger;
  return { consumers: new EventConsumers(kafka, serde, logger), eachMessage: () => eachMessage! };
}

describe('EventConsumers', () => {
  afterEach(() => jest.useRealTimers());

  it('heartbeats while a handler is slower than the session timeout (a postback to a slow receiver)', async () => {
    jest.useFakeTimers();
    const { consumers, eachMessage } = consumersWith();
    let finish!: () => void;
    await consumers.start({
      groupId: 'delivery',
      topics: ['conversions'],
      handle: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    let beats = 0;
    const handled = eachMessage()({
      topic: 'conversions',
      partition: 0,
      message: { offset: '7', key: null, value: Buffer.from('x'), headers: {} },
      heartbeat: async () => void beats++,
    });
    await jest.advanceTimersByTimeAsync(15_000);
    expect(beats).toBeGreaterThanOrEqual(14);
    finish();
    await handled;
    const after = beats;
    await jest.advanceTimersByTimeAsync(5000);
    expect(beats).toBe(after);
  });
});
