import { type Kafka, type Message, type Producer } from 'kafkajs';

/**
 * The producer with which a consumer outside a transaction dead-letters a message: acks=all,
 * awaited before the message's offset is resolved, so a poison message is never both skipped
 * and lost. Replaced after a failed send (as KafkaEventProducer is).
 */
export class DeadLetterProducer {
  private producer?: Promise<Producer>;

  constructor(private readonly kafka: Kafka) {}

  async send(topic: string, message: Message): Promise<void> {
    this.producer ??= this.connect();
    const current = this.producer;
    try {
      await (await current).send({ topic, acks: -1, messages: [message] });
    } catch (error) {
      if (this.producer === current) this.producer = undefined;
      void current.then((p) => p.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const current = this.producer;
    this.producer = undefined;
    await current?.then((p) => p.disconnect()).catch(() => undefined);
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    return producer;
  }
}
