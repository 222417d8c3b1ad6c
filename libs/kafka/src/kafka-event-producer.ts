import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { AvroSerde } from './avro-serde';
import { EventProducer, type OutgoingEvent, ProduceFailedError } from './event-producer';
import { type KafkaProduceMetrics } from './kafka-produce.metrics';

interface Session {
  producer: Producer;
  connected: Promise<void>;
}

/**
 * Idempotent producer with acks=all; values are Avro-encoded through the registry.
 *
 * After a failed send the producer is replaced: kafkajs rolls its sequence numbers back
 * on failure, so a later batch could reuse a sequence that the broker did store (its answer
 * was lost) and be acknowledged as a duplicate without being written. A new producer gets
 * a new producer id and fresh sequences.
 */
export class KafkaEventProducer extends EventProducer {
  private session?: Session;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly metrics?: KafkaProduceMetrics,
  ) {
    super();
  }

  async connect(): Promise<void> {
    await this.current().connected;
  }

  async disconnect(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.producer.disconnect();
  }

  async send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void> {
    const messages = await Promise.all(
      events.map(async (event) => ({
        key: event.key,
        value: await this.serde.encode(topic, event.value),
        headers: event.headers,
      })),
    );
    const session = this.current();
    try {
      await session.connected;
      await session.producer.send({ topic, acks: -1, timeout: 5000, messages });
    } catch (error) {
      this.metrics?.errors.inc({ topic });
      this.discard(session);
      throw new ProduceFailedError(topic, error);
    }
  }

  private current(): Session {
    if (!this.session) {
      const producer = this.kafka.producer({
        idempotent: true,
        // One request in flight keeps one call's events in order, whatever the retries.
        maxInFlightRequests: 1,
        // murmur2 on the key, as the Java client does: one call id, one partition, whoever produces.
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
        // Bounded, so that a caller hears of an outage in seconds (ingest answers 503).
        retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 2000 },
      });
      const connected = producer.connect();
      connected.catch(() => undefined); // awaited by send(); the rejection is handled there
      this.session = { producer, connected };
    }
    return this.session;
  }

  private discard(session: Session): void {
    if (this.session !== session) return; // a concurrent failure already replaced it
    this.session = undefined;
    void session.producer.disconnect().catch(() => undefined);
  }
}
