import {
  type Consumer,
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
  type Transaction,
} from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { MESSAGES_PER_TRANSACTION, PartitionTransactions } from './partition-transactions';
import { type PoisonReason } from './classify-decode-error';
import { ConsumerSupervisor, SUPERVISED_RETRY } from './consumer-supervisor';
import { type ConsumedEvent } from './event-consumers';
import { TransactionalHandler } from './transactional-handler';
import { type OutgoingEvent } from './event-producer';
import { type KafkaProduceMetrics } from './kafka-produce.metrics';
import { stringHeaders } from './string-headers';

/** Partitions handled at the same time (each has its own transactional producer). */
const PARTITIONS_AT_ONCE = 4;

/** What a handler may produce: it becomes visible only if the transaction (with the offset) commits. */
export interface TransactionalOutbox {
  send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void>;
}

export interface TransactionalSpec<T> {
  groupId: string;
  topics: string[];
  /** Transactional ids are `<prefix>-<topic>-<partition>`: stable, so a restart fences its predecessor. */
  transactionalIdPrefix: string;
  /** Where poison messages go (PoisonPolicy), as they came, with `x-dlq-*` headers. */
  deadLetterTopic: string;
  handle(event: ConsumedEvent<T>, outbox: TransactionalOutbox): Promise<void>;
  /**
   * Optional: a transaction's decodable messages at once, in offset order (all keys), in
   * place of `handle` one by one, so that a handler can read and write them set-based. It
   * keeps each key's messages in order itself. Not used with `notBefore` (one at a time).
   */
  handleBatch?(events: ConsumedEvent<T>[], outbox: TransactionalOutbox): Promise<void>;
  onDeadLetter?(reason: PoisonReason | string, topic: string): void;
  /**
   * For delay topics: the epoch ms before which a message must not be handled, read from
   * its headers. The partition is paused until then (never a sleep in the handler); a
   * delay topic has one fixed delay, so nothing behind the head is due earlier. It may
   * answer an earlier time than the header says (e.g. to look again soon), or null for now.
   */
  notBefore?(headers: Record<string, string>, key: string | null): number | null | Promise<number | null>;
}

/**
 * Exactly-once consume → produce with kafkajs transactions. Messages are handled in
 * transactions on their partition's producer (up to MESSAGES_PER_TRANSACTION each): what
 * the handlers produce (gathered, and sent as one request at commit) and the next offset
 * (sendOffsets) commit together or not at all. The consumer never commits by itself
 * (autoCommit off); readers of the output use read_committed. A failed transaction is
 * aborted, its producer dropped, and the message retried by kafkajs.
 */
export class TransactionalConsumers {
  private readonly consumers: { stop(): Promise<void> }[] = [];
  private readonly producers = new Map<string, Promise<Producer>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly logger: Logger,
    private readonly produceMetrics?: KafkaProduceMetrics,
    /** Restarts a crashed consumer; one of its own (no health checks, no metrics) if not given. */
    private readonly supervisor: ConsumerSupervisor = new ConsumerSupervisor(logger),
  ) {}

  /** Resolves once the consumer joined its group, or its first attempt failed (then it is retried). */
  async start<T>(spec: TransactionalSpec<T>): Promise<void> {
    const supervised = await this.supervisor.supervise({
      groupId: spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: spec.groupId,
          allowAutoTopicCreation: false,
          readUncommitted: false,
          maxWaitTimeInMs: 1000,
          retry: SUPERVISED_RETRY,
        }),
      run: (consumer) => this.run(spec, consumer),
    });
    this.consumers.push(supervised);
    this.logger.info({ groupId: spec.groupId, topics: spec.topics }, 'transactional consumer started');
  }

  private async run<T>(spec: TransactionalSpec<T>, consumer: Consumer): Promise<void> {
    const handler = new TransactionalHandler(spec, this.serde, this.supervisor.poison);
    await consumer.connect();
    await consumer.subscribe({ topics: spec.topics, fromBeginning: true });
    // eachBatch without auto-resolve: only what committed is resolved, so a message that is
    // not due yet (or failed) is fetched again, and a pause never skips anything.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition has its own transactional producer: partitions commit independently.
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
        const hooks = { heartbeat, isRunning: () => isRunning() && !isStale() };
        const run = new PartitionTransactions(this, handler, spec, batch, resolveOffset, hooks);
        try {
          if (!spec.notBefore) {
            // Nothing to wait for: each transaction's messages are handled with their keys
            // (call ids) side by side, one key's messages in order.
            for (let from = 0; from < batch.messages.length; from += MESSAGES_PER_TRANSACTION) {
              if (!isRunning() || isStale()) break;
              await run.addAll(batch.messages.slice(from, from + MESSAGES_PER_TRANSACTION));
              await heartbeat();
            }
            return;
          }
          for (const message of batch.messages) {
            if (!isRunning() || isStale()) break;
            const due =
              (await spec.notBefore(stringHeaders(message.headers), message.key?.toString() ?? null)) ?? null;
            if (due !== null && due > Date.now()) {
              await run.commit();
              this.pauseUntil(due, pause());
              return;
            }
            await run.add(message);
            await heartbeat();
          }
          await run.commit();
        } catch (error) {
          await run.abort();
          throw error;
        }
      },
    });
  }

  async stopAll(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers.length = 0;
    await Promise.all([...this.producers.keys()].map((id) => this.dropProducer(id)));
  }

  private pauseUntil(due: number, resume: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      resume();
    }, due - Date.now());
    this.timers.add(timer);
  }

  /**
   * @internal used by PartitionTransactions: a transaction's output in one request; one Kafka did
   * not take counts as a produce error of each of its topics.
   */
  async sendOutput(transaction: Transaction, output: Map<string, Message[]>): Promise<void> {
    const topicMessages = [...output].map(([topic, messages]) => ({ topic, messages }));
    try {
      await transaction.sendBatch({ acks: -1, topicMessages });
    } catch (error) {
      for (const { topic } of topicMessages) this.produceMetrics?.errors.inc({ topic });
      throw error;
    }
  }

  /** @internal used by PartitionTransactions */
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

  /** @internal used by PartitionTransactions */
  async dropProducer(transactionalId: string): Promise<void> {
    const producer = this.producers.get(transactionalId);
    this.producers.delete(transactionalId);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}
