import { type Consumer, type Kafka, type KafkaMessage, type Message } from 'kafkajs';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { classifyDecodeError } from './classify-decode-error';
import { DeadLetterProducer } from './dead-letter-producer';
import { deadLetterTopicFor } from './dead-letter';
import { ConsumerSupervisor, SUPERVISED_RETRY } from './consumer-supervisor';
import { KEYS_AT_ONCE, PARTITIONS_AT_ONCE, PER_MESSAGE_FETCH } from './consumer-tuning';
import { keyWaves } from './key-waves';
import { ContiguousOffsets, runByKey } from './keyed-concurrency';
import { runOverlappingWaves } from './overlapping-waves';
import { heartbeatWhile } from './heartbeat-while';
import { type RetryHooks } from './poison-policy';
import { stringHeaders } from './string-headers';

/** Messages given to a batch handler at once, unless the spec says otherwise. */
const DEFAULT_BATCH_SIZE = 25;
/**
 * Waves of one partition's batch handled at the same time (one key's messages still in order):
 * a wave spends most of its time waiting on PostgreSQL, Kafka and receivers, and the next
 * fetch of every partition waits until each partition's batch is done.
 */
const WAVES_AT_ONCE = 4;

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
  /** Where poison messages go; `<topic>.dlq` by default (deadLetterTopicFor). */
  deadLetterTopic?: string;
  handle(event: ConsumedEvent<T>): Promise<void>;
  /**
   * Optional, in place of `handle`: a partition batch's decodable messages several at once
   * (at most `batchSize`, never two of one key, so a handler may handle them all at the same
   * time), so that it can read and write them set-based. When it fails for a reason other
   * than a dependency being away, its messages are handled again one at a time
   * (`handleBatch([event])`), so that only the poison one is dead-lettered.
   */
  handleBatch?(events: ConsumedEvent<T>[]): Promise<void>;
  /** Messages per `handleBatch` call at most (DEFAULT_BATCH_SIZE). */
  batchSize?: number;
}

/**
 * Raw kafkajs consumers (not Nest's Kafka transport, which stalls a partition on a
 * failing message). An offset is committed only after the handler resolved (for it and
 * every message before it). A message that cannot be decoded, or whose handler fails
 * permanently, is dead-lettered (PoisonPolicy); a transient failure is retried in place.
 */
export class EventConsumers {
  private readonly consumers: { stop(): Promise<void> }[] = [];
  /** Set when stopping: a heartbeat on a closing connection would crash and rejoin the consumer. */
  private stopping = false;
  private readonly deadLetters: DeadLetterProducer;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly logger: Logger,
    /** Restarts a crashed consumer; one of its own (no health checks, no metrics) if not given. */
    private readonly supervisor: ConsumerSupervisor = new ConsumerSupervisor(logger),
  ) {
    this.deadLetters = new DeadLetterProducer(kafka);
  }

  /** Resolves once the consumer joined its group, or its first attempt failed (then it is retried). */
  async start<T>(spec: ConsumerSpec<T>): Promise<void> {
    this.stopping = false;
    const supervised = await this.supervisor.supervise({
      groupId: spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: spec.groupId,
          allowAutoTopicCreation: false,
          // A batch handler takes the configured fetch (KAFKA_CONSUMER_MIN_BYTES / _MAX_WAIT_MS).
          ...(spec.handleBatch ? {} : PER_MESSAGE_FETCH),
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
        const hooks = { heartbeat, isRunning: () => isRunning() && !isStale() && !this.stopping };
        if (spec.handleBatch) {
          await runOverlappingWaves(
            keyWaves(batch.messages, keyOf, spec.batchSize ?? DEFAULT_BATCH_SIZE),
            (index) => keyOf(batch.messages[index]) ?? '\u0000',
            WAVES_AT_ONCE,
            async (wave) => {
              const messages = wave.map((index) => batch.messages[index]);
              await this.handleWave(spec, batch.topic, batch.partition, messages, hooks);
              wave.forEach((index) => offsets.done(index));
              await heartbeat();
            },
            hooks.isRunning,
          );
          return;
        }
        await runByKey(
          batch.messages,
          keyOf,
          KEYS_AT_ONCE,
          async (message) => {
            if (!isRunning() || isStale()) return false;
            await this.handleOne(spec, batch.topic, batch.partition, message, hooks);
            await heartbeat();
            return true;
          },
          (index) => offsets.done(index),
        );
      },
    });
  }

  /** Handled, or dead-lettered (the one poison policy); throws only to be retried (transient). */
  private async handleOne<T>(
    spec: ConsumerSpec<T>,
    topic: string,
    partition: number,
    message: KafkaMessage,
    hooks: RetryHooks,
  ): Promise<void> {
    const event = await this.decode(spec, topic, partition, message);
    if (!event) return;
    await this.supervisor.poison.handle(
      { groupId: spec.groupId, topic, partition, message },
      () => this.heartbeating(spec.handle(event), hooks),
      this.sink(spec, topic),
      hooks,
    );
  }

  /**
   * A wave's decodable messages through the batch handler at once; if that fails (other than
   * transiently, which is retried), one at a time under the poison policy, in offset order.
   */
  private async handleWave<T>(
    spec: ConsumerSpec<T>,
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    hooks: RetryHooks,
  ): Promise<void> {
    const handleBatch = spec.handleBatch!;
    const decoded: { event: ConsumedEvent<T>; message: KafkaMessage }[] = [];
    for (const message of messages) {
      const event = await this.decode(spec, topic, partition, message);
      if (event) decoded.push({ event, message });
    }
    if (decoded.length === 0) return;
    const origin = { groupId: spec.groupId, topic, partition };
    const events = decoded.map(({ event }) => event);
    const poison = this.supervisor.poison;
    if (await poison.attemptBatch(origin, () => this.heartbeating(handleBatch(events), hooks), hooks)) return;
    for (const { event, message } of decoded) {
      await poison.handle(
        { ...origin, message },
        () => this.heartbeating(handleBatch([event]), hooks),
        this.sink(spec, topic),
        hooks,
      );
    }
  }

  /** The message's event; null for a tombstone or a poison message (then dead-lettered). */
  private async decode<T>(
    spec: ConsumerSpec<T>,
    topic: string,
    partition: number,
    message: KafkaMessage,
  ): Promise<ConsumedEvent<T> | null> {
    if (!message.value) return null; // a tombstone carries nothing to decide on
    let value: T;
    try {
      value = await this.serde.decode<T>(message.value);
    } catch (error) {
      const reason = classifyDecodeError(error);
      if (reason === null) throw error; // the registry is unreachable: retry, never skip
      const origin = { groupId: spec.groupId, topic, partition, message };
      await this.supervisor.poison.deadLetter(origin, reason, error, this.sink(spec, topic));
      return null;
    }
    return {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value,
      headers: stringHeaders(message.headers),
    };
  }

  private sink<T>(spec: ConsumerSpec<T>, topic: string): (dead: Message) => Promise<void> {
    const deadLetterTopic = spec.deadLetterTopic ?? deadLetterTopicFor(topic);
    return (dead) => this.deadLetters.send(deadLetterTopic, dead);
  }

  /** A handler may take long (delivery waits for the receiver): stay in the group meanwhile. */
  private heartbeating(work: Promise<void>, hooks: RetryHooks): Promise<void> {
    return heartbeatWhile(work, () => (this.stopping ? Promise.resolve() : hooks.heartbeat()));
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.consumers.length = 0;
    await this.deadLetters.disconnect();
  }
}

const keyOf = (message: KafkaMessage): string | null => message.key?.toString() ?? null;
