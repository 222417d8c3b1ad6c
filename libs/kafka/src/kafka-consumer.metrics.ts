import { Counter, Gauge, type Registry } from 'prom-client';

/** The engine's consumers, by consumer group (a fixed set per service). */
export class KafkaConsumerMetrics {
  readonly restarts: Counter<'group'>;
  readonly running: Gauge<'group'>;
  readonly deadLetters: Counter<'group' | 'topic' | 'reason'>;

  constructor(registry: Registry) {
    this.restarts = new Counter({
      name: 'postback_kafka_consumer_restarts_total',
      help: 'Consumers recreated by the supervisor after a crash, by consumer group',
      labelNames: ['group'],
      registers: [registry],
    });
    this.running = new Gauge({
      name: 'postback_kafka_consumer_running',
      help: '1 while the consumer group member is running, 0 while it waits to be restarted',
      labelNames: ['group'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'postback_kafka_dead_letters_total',
      help: 'Consumed messages sent to their dead-letter topic, by consumer group, topic and reason',
      labelNames: ['group', 'topic', 'reason'],
      registers: [registry],
    });
  }
}
