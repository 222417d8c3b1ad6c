import { Counter, type Registry } from 'prom-client';

/** Writes to Kafka that the broker did not acknowledge, by topic (a fixed set). */
export class KafkaProduceMetrics {
  readonly errors: Counter<'topic'>;

  constructor(registry: Registry) {
    this.errors = new Counter({
      name: 'postback_kafka_produce_errors_total',
      help: 'Produce requests Kafka did not acknowledge, by topic',
      labelNames: ['topic'],
      registers: [registry],
    });
  }

  /** Counts a failed produce and passes its error on, so callers keep their own handling. */
  async counting<T>(topic: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      this.errors.inc({ topic });
      throw error;
    }
  }
}
