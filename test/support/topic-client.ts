import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, Partitioners, type Producer, logLevel } from 'kafkajs';
import { AvroSerde } from '@postback/kafka';
import { TOPIC_CONTRACTS, type Topic } from '@postback/contracts';

type Waiter<T> = { match: (value: T) => boolean; resolve: (value: T) => void };

/**
 * Produces Avro values onto the real topics and collects what a topic carries (from its
 * beginning, committed records only), the way a downstream service would read it. Tests
 * use fresh call ids and match on them. `waitFor` resolves when a matching record arrives.
 */
export class TopicClient<T> {
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly received: T[] = [];
  private readonly producer: Producer;
  private consumer?: Consumer;
  private readonly waiters = new Set<Waiter<T>>();

  constructor(
    brokers: string,
    registryUrl: string,
    private readonly readTopic: Topic,
  ) {
    this.kafka = new Kafka({
      clientId: `test-${randomUUID()}`,
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.serde = new AvroSerde(registryUrl);
    this.producer = this.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
    });
  }

  /** Registers the schemas it writes, connects, and starts reading (committed records only). */
  async start(writes: Topic[]): Promise<void> {
    for (const topic of writes) await this.serde.register(topic, TOPIC_CONTRACTS[topic]);
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: `test-${randomUUID()}`,
      readUncommitted: false,
      maxWaitTimeInMs: 500,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.readTopic], fromBeginning: true });
    const joined = new Promise<void>((resolve) =>
      this.consumer!.on(this.consumer!.events.GROUP_JOIN, () => resolve()),
    );
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        // Skip what does not decode: other tests put poison on shared topics on purpose.
        const value = await this.serde.decode<T>(message.value).catch(() => undefined);
        if (value === undefined) return;
        this.received.push(value);
        for (const waiter of this.waiters) {
          if (waiter.match(value)) {
            this.waiters.delete(waiter);
            waiter.resolve(value);
          }
        }
      },
    });
    await joined;
  }

  async produce<V>(topic: Topic, key: string, value: V): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages: [{ key, value: await this.serde.encode(topic, value) }],
    });
  }

  /** Many values in one request, so that the consumer has a backlog to work through. */
  async produceMany<V>(topic: Topic, records: { key: string; value: V }[]): Promise<void> {
    const messages = await Promise.all(
      records.map(async ({ key, value }) => ({ key, value: await this.serde.encode(topic, value) })),
    );
    await this.producer.send({ topic, acks: -1, messages });
  }

  async produceRaw(topic: Topic, key: string, value: Buffer): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  waitFor(match: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
    const found = this.received.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter))
          reject(new Error(`no matching record on ${this.readTopic} in ${timeoutMs} ms`));
      }, timeoutMs).unref();
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer.disconnect();
  }
}

/** Polls a real condition (a row in PostgreSQL, an HTTP answer) until it holds. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface RawRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Reads a topic from its beginning as raw records until `done` says enough has arrived. */
export async function collectRaw(
  kafka: Kafka,
  topic: string,
  done: (records: RawRecord[]) => boolean,
  timeoutMs = 60_000,
): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: `test-raw-${randomUUID()}`, maxWaitTimeInMs: 500 });
  const records: RawRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not enough records on ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          records.push({ key: message.key?.toString() ?? null, value: message.value, headers });
          if (done(records)) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
