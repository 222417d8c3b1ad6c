import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { AvroSerde } from '@postback/kafka';

export interface ReadMessage<T> {
  key: string | null;
  value: T;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning with a fresh consumer group, decoding Avro values. */
export class TopicReader<T> {
  readonly messages: ReadMessage<T>[] = [];
  undecodable = 0;
  private readonly consumer: Consumer;
  private readonly serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);

  constructor(private readonly topic: string) {
    const kafka = new Kafka({
      clientId: 'test-reader',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
      retry: { retries: 20, initialRetryTime: 200 },
    });
    this.consumer = kafka.consumer({ groupId: `test-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
        let value: T;
        try {
          value = await this.serde.decode<T>(message.value!);
        } catch {
          // Other tests put poison messages on shared topics on purpose: skip them, or the
          // reader would retry that offset forever and never see what follows it.
          this.undecodable += 1;
          return;
        }
        this.messages.push({ key: message.key?.toString() ?? null, value, headers });
      },
    });
  }

  /** Resolves with the matching messages once `count` of them arrived; polls what was read. */
  async waitFor(
    match: (message: ReadMessage<T>) => boolean,
    count = 1,
    timeoutMs = 60_000,
  ): Promise<ReadMessage<T>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter(match);
      if (found.length >= count) return found;
      if (Date.now() > deadline)
        throw new Error(`${this.topic}: ${found.length} of ${count} messages after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
