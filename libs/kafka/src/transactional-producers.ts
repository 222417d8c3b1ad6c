import { type Kafka, type Message, Partitioners, type Producer, type Transaction } from 'kafkajs';
import { type KafkaProduceMetrics } from './kafka-produce.metrics';

/**
 * One transactional producer per input partition (by transactional id), made on first use and
 * dropped after an abort (a fenced or failed producer is never reused).
 */
export class TransactionalProducers {
  private readonly producers = new Map<string, Promise<Producer>>();

  constructor(
    private readonly kafka: Kafka,
    private readonly produceMetrics?: KafkaProduceMetrics,
  ) {}

  producerFor(transactionalId: string): Promise<Producer> {
    let producer = this.producers.get(transactionalId);
    if (!producer) {
      // kafkajs warns that limited retries may invalidate EoS; here a send that gives up
      // aborts the whole transaction, which is then retried from the uncommitted offset.
      const created = this.kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      producer = created.connect().then(() => created);
      producer.catch(() => this.producers.delete(transactionalId));
      this.producers.set(transactionalId, producer);
    }
    return producer;
  }

  /** A transaction's output in one request; one Kafka did not take counts as a produce error of each of its topics. */
  async sendOutput(transaction: Transaction, output: Map<string, Message[]>): Promise<void> {
    const topicMessages = [...output].map(([topic, messages]) => ({ topic, messages }));
    try {
      await transaction.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const { topic } of topicMessages) this.produceMetrics?.errors.inc({ topic });
      throw error;
    }
  }

  async dropProducer(transactionalId: string): Promise<void> {
    const producer = this.producers.get(transactionalId);
    this.producers.delete(transactionalId);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }

  async dropAll(): Promise<void> {
    await Promise.all([...this.producers.keys()].map((id) => this.dropProducer(id)));
  }
}
