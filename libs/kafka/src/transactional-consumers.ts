import { type Consumer, type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { handleInInterval, handleUntilDue } from './partition-batch';
import { PartitionTransactions } from './partition-transactions';
import { ConsumerSupervisor, SUPERVISED_RETRY } from './consumer-supervisor';
import { PARTITIONS_AT_ONCE, PER_MESSAGE_FETCH } from './consumer-tuning';
import { TransactionalHandler } from './transactional-handler';
import { TransactionalProducers } from './transactional-producers';
import { type TransactionalSpec } from './transactional-spec';
import { type KafkaProduceMetrics } from './kafka-produce.metrics';

/** Kafka Streams' commit.interval.ms under exactly-once. */
// 0: commit within every fetched batch. A longer interval commits from a timer outside the
// batch, and a timer commit in flight when a rebalance starts can land after the partition's
// new owner read the offsets (kafkajs does not fence by generation): its messages are then
// decided again (same decision ids). It measured no gain at 400-1,000/s, so it is opt-in.
export const DEFAULT_COMMIT_INTERVAL_MS = 0;

/**
 * Exactly-once consume → produce with kafkajs transactions. Messages are handled in
 * transactions on their partition's producer: what the handlers produce (gathered, and sent
 * as one request at commit) and the next offset (sendOffsets) commit together or not at all.
 * As in Kafka Streams (commit.interval.ms), a partition's transaction stays open across
 * fetches for the commit interval (or up to MESSAGES_PER_TRANSACTION): each commit costs the
 * broker markers on every partition it touched, the transaction log and the offsets, so at
 * moderate rates a commit per fetch cost more than the messages. The consumer never commits
 * by itself (autoCommit off); readers of the output use read_committed. A failed transaction
 * is aborted, its producer dropped, and its messages fetched again from its first offset;
 * before a rebalance (and after a join) open transactions abort, so that nothing handled under
 * the old assignment commits under the new one.
 */
export class TransactionalConsumers {
  private readonly consumers: { stop(): Promise<void> }[] = [];
  private readonly producers: TransactionalProducers;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Each input partition's open transaction, by transactional id. */
  private readonly partitions = new Map<string, PartitionTransactions<unknown>>();
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly logger: Logger,
    produceMetrics?: KafkaProduceMetrics,
    /** Restarts a crashed consumer; one of its own (no health checks, no metrics) if not given. */
    private readonly supervisor: ConsumerSupervisor = new ConsumerSupervisor(logger),
    /**
     * How long a partition's transaction stays open for more messages (KAFKA_TRANSACTION_COMMIT_INTERVAL_MS):
     * like Kafka Streams' commit.interval.ms, fewer and larger commits; 0 commits every fetched batch.
     */
    private readonly commitIntervalMs = DEFAULT_COMMIT_INTERVAL_MS,
  ) {
    this.producers = new TransactionalProducers(kafka, produceMetrics);
  }

  /** Resolves once the consumer joined its group, or its first attempt failed (then it is retried). */
  async start<T>(spec: TransactionalSpec<T>): Promise<void> {
    this.stopping = false;
    const supervised = await this.supervisor.supervise({
      groupId: spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: spec.groupId,
          allowAutoTopicCreation: false,
          readUncommitted: false,
          // A batch handler takes the configured fetch (KAFKA_CONSUMER_MIN_BYTES / _MAX_WAIT_MS).
          ...(spec.handleBatch ? {} : PER_MESSAGE_FETCH),
          retry: SUPERVISED_RETRY,
        }),
      run: (consumer) => this.run(spec, consumer),
    });
    this.consumers.push(supervised);
    this.logger.info({ groupId: spec.groupId, topics: spec.topics }, 'transactional consumer started');
  }

  private async run<T>(spec: TransactionalSpec<T>, consumer: Consumer): Promise<void> {
    const handler = new TransactionalHandler(spec, this.serde, this.supervisor.poison);
    // A partition's open transaction outlives a fetch (and a restart of the consumer: the
    // next one finds it, and aborts it when its messages come again).
    const partitionOf = (topic: string, partition: number): PartitionTransactions<T> => {
      const id = `${spec.transactionalIdPrefix}-${topic}-${partition}`;
      let open = this.partitions.get(id) as PartitionTransactions<T> | undefined;
      if (!open) {
        open = new PartitionTransactions(this.producers, handler, spec, topic, partition);
        this.partitions.set(id, open as PartitionTransactions<unknown>);
      }
      // An aborted transaction's messages are fetched again by the consumer running now.
      open.rewind = (offset) => {
        try {
          consumer.seek({ topic, partition, offset });
        } catch {
          // not running any more: the next consumer starts from the committed offset anyway
        }
      };
      return open;
    };
    // The group is about to be rebalanced: a partition may go to another member, which starts
    // from the committed offset. Nothing handled before may commit after that, so abort.
    const abortOpen = () => {
      for (const open of this.partitions.values())
        if (open.id.startsWith(`${spec.transactionalIdPrefix}-`) && spec.topics.includes(open.topic))
          void open.exclusive(() => open.abort());
    };
    consumer.on(consumer.events.REBALANCING, abortOpen);
    consumer.on(consumer.events.GROUP_JOIN, abortOpen);
    await consumer.connect();
    await consumer.subscribe({ topics: spec.topics, fromBeginning: true });
    // eachBatch without auto-resolve: a message is resolved once handled in the open
    // transaction (so the next fetch goes on), never one that is not due yet or failed.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition has its own transactional producer: partitions commit independently.
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
        const hooks = { heartbeat, isRunning: () => isRunning() && !isStale() };
        const open = partitionOf(batch.topic, batch.partition);
        await open.exclusive(async () => {
          try {
            // Messages it holds came again (a rejoin or a restart went back to the committed offset).
            if (batch.messages.length > 0 && open.holdsFrom(batch.messages[0].offset)) await open.abort();
            const current = { open, messages: batch.messages, hooks, resolveOffset };
            if (spec.notBefore)
              await handleUntilDue(current, spec.notBefore, (due) => this.pauseUntil(due, pause()));
            else
              await handleInInterval(
                current,
                this.commitIntervalMs,
                () => this.stopping,
                (error) => this.commitFailed(open, error),
              );
          } catch (error) {
            await open.abort();
            throw error;
          }
        });
      },
    });
  }

  private commitFailed(open: PartitionTransactions<unknown>, error: unknown): void {
    this.logger.warn(
      { err: error, transactionalId: open.id },
      'committing a transaction failed: aborted, its messages are handled again',
    );
  }

  /** Commits what is open (batches in hand commit as they end), then leaves the groups. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.commitOpen();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers.length = 0;
    await this.commitOpen();
    this.partitions.clear();
    await this.producers.dropAll();
  }

  private async commitOpen(): Promise<void> {
    await Promise.all(
      [...this.partitions.values()].map((open) =>
        open.exclusive(() => open.commit()).catch(() => open.exclusive(() => open.abort())),
      ),
    );
  }

  private pauseUntil(due: number, resume: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      resume();
    }, due - Date.now());
    this.timers.add(timer);
  }
}
