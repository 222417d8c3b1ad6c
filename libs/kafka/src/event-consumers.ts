import { type Consumer, type Kafka, type KafkaMessage } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { classifyDecodeError } from './classify-decode-error';
import { ConsumerSupervisor, SUPERVISED_RETRY } from './consumer-supervisor';
import { ContiguousOffsets, runByKey } from './keyed-concurrency';
import { heartbeatWhile } from './heartbeat-while';
import { stringHeaders } from './string-headers';

/** Partitions handled at the same time by one consumer. */
const PARTITIONS_AT_ONCE = 4;
/** Keys handled at the same time within one partition's batch (one key's messages stay in order). */
const KEYS_AT_ONCE = 16;

export interface ConsumedEvent<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
  headers: Record<string, string>;
}

export interface ConsumerSpec<T> {
  groupId: string;
  topics: string[];
  handle(event: ConsumedEvent<T>): Promise<void>;
}

/**
 * Raw kafkajs consumers (not Nest's Kafka transport, which stalls a partition on a
 * failing message). An offset is committed only after the handler resolved (for it and
 * every message before it); a handler that throws makes kafkajs retry from the first
 * message not handled. A message that can never be decoded is logged and skipped.
 */
export class EventConsumers {
  private readonly consumers: { stop(): Promise<void> }[] = [];
  /** Set when stopping: a heartbeat on a closing connection would crash and rejoin the consumer. */
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly logger: Logger,
    /** Restarts a crashed consumer; one of its own (no health checks, no metrics) if not given. */
    private readonly supervisor: ConsumerSupervisor = new ConsumerSupervisor(logger),
  ) {}

  /** Resolves once the consumer joined its group, or its first attempt failed (then it is retried). */
  async start<T>(spec: ConsumerSpec<T>): Promise<void> {
    this.stopping = false;
    const supervised = await this.supervisor.supervise({
      groupId: spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: spec.groupId,
          allowAutoTopicCreation: false,
          // The broker answers a fetch as soon as data arrives; this only bounds an idle poll,
          // and with it how long a graceful shutdown waits for the poll in flight.
          maxWaitTimeInMs: 1000,
          retry: SUPERVISED_RETRY,
        }),
      run: (consumer) => this.run(spec, consumer),
    });
    this.consumers.push(supervised);
    this.logger.info({ groupId: spec.groupId, topics: spec.topics }, 'consumer started');
  }

  private async run<T>(spec: ConsumerSpec<T>, consumer: Consumer): Promise<void> {
    await consumer.connect();
    await consumer.subscribe({ topics: spec.topics, fromBeginning: true });
    // Messages of different keys (call ids) are handled at the same time, those of one key in
    // order; only the unbroken run of handled messages is resolved (and so committed), so a
    // failure or a restart replays every message not yet handled (handlers are idempotent).
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const offsets = new ContiguousOffsets(
          batch.messages.map((message) => message.offset),
          resolveOffset,
        );
        await runByKey(
          batch.messages,
          (message) => message.key?.toString() ?? null,
          KEYS_AT_ONCE,
          async (message) => {
            if (!isRunning() || isStale()) return false;
            await this.handleOne(spec, batch.topic, batch.partition, message, heartbeat);
            await heartbeat();
            return true;
          },
          (index) => offsets.done(index),
        );
      },
    });
  }

  private async handleOne<T>(
    spec: ConsumerSpec<T>,
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    if (!message.value) return; // a tombstone carries nothing to decide on
    let value: T;
    try {
      value = await this.serde.decode<T>(message.value);
    } catch (error) {
      const reason = classifyDecodeError(error);
      if (reason === null) throw error; // the registry is unreachable: retry, never skip
      // It will never decode: retrying would stall the partition forever. It stays in the
      // topic (and in this log line) for whoever investigates.
      this.logger.error({ topic, partition, offset: message.offset, reason }, 'undecodable message skipped');
      return;
    }
    // A handler may take long (delivery waits for the receiver): stay in the group meanwhile.
    await heartbeatWhile(
      spec.handle({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value,
        headers: stringHeaders(message.headers),
      }),
      () => (this.stopping ? Promise.resolve() : heartbeat()),
    );
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers.length = 0;
  }
}
