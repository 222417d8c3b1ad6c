import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { AvroSerde } from './avro-serde';
import { EventProducer, type OutgoingEvent, ProduceFailedError } from './event-producer';

/** Idempotent producer with acks=all; values are Avro-encoded through the registry. */
export class KafkaEventProducer extends EventProducer {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly serde: AvroSerde,
  ) {
    super();
    this.producer = kafka.producer({
      idempotent: true,
      // murmur2 on the key, as the Java client does: one call id, one partition, whoever produces.
      createPartitioner: Partitioners.DefaultPartitioner,
      maxInFlightRequests: 5,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void> {
    const messages = await Promise.all(
      events.map(async (event) => ({
        key: event.key,
        value: await this.serde.encode(topic, event.value),
        headers: event.headers,
      })),
    );
    try {
      await this.producer.send({ topic, acks: -1, timeout: 5000, messages });
    } catch (error) {
      throw new ProduceFailedError(topic, error);
    }
  }
}
