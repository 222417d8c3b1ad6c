import { type Consumer, type Kafka, type KafkaMessage, type Message } from 'kafkajs';
import { classifyDecodeError } from './classify-decode-error';
import { DeadLetterProducer } from './dead-letter-producer';
import { deadLetterTopicFor } from './dead-letter';
import { type RetryHooks } from './poison-policy';
import { ConsumerSupervisor, SUPERVISED_RETRY } from './consumer-supervisor';
import { KEYS_AT_ONCE, PARTITIONS_AT_ONCE, PER_MESSAGE_FETCH } from './consumer-tuning';
import { type Logger } from 'pino';
import { type AvroSerde } from './avro-serde';
import { type ConsumedEvent } from './event-consumers';
import { heartbeatWhile } from './heartbeat-while';
import { ContiguousOffsets, runByKey } from './keyed-concurrency';
import { stringHeaders } from './string-headers';

export interface DueTimeConsumerOptions {
  now?: () => number;
  /** Restarts a crashed consumer; one of its own (no health checks, no metrics) if not given. */
  supervisor?: ConsumerSupervisor;
}

export interface DueTimeConsumerSpec<T> {
  groupId: string;
  topics: string[];
  /** When a message may be handled (epoch ms), read from its headers; null means now. */
  dueAt(headers: Record<string, string>): number | null;
  /** Where poison messages go; `<topic>.dlq` by default (deadLetterTopicFor). */
  deadLetterTopic?: string;
  /** Which due messages must be handled one after another (the same lane); the key by default. */
  laneOf?(headers: Record<string, string>, key: string | null): string | null;
  handle(event: ConsumedEvent<T>): Promise<void>;
}

/**
 * A consumer for delay topics (retry tiers). Messages on one partition are in due order — a
 * tier has one delay — so when the head is not due yet the partition is paused until it is,
 * and resumed by a timer: no sleep inside the handler, so heartbeats and rebalances go on.
 * eachBatch with eachBatchAutoResolve off: the due messages are handled by key (one key's in
 * order, up to KEYS_AT_ONCE keys at once), and only the unbroken run of handled ones is resolved
 * and committed; the unhandled rest is fetched again on resume.
 * A poison message is dead-lettered (PoisonPolicy) rather than stalling its partition.
 */
export class DueTimeConsumer<T> {
  private supervised?: { stop(): Promise<void> };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => number;
  private supervisor: ConsumerSupervisor;
  private readonly deadLetters: DeadLetterProducer;

  constructor(
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly logger: Logger,
    private readonly spec: DueTimeConsumerSpec<T>,
    options: DueTimeConsumerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.supervisor = options.supervisor ?? new ConsumerSupervisor(logger);
    this.deadLetters = new DeadLetterProducer(kafka);
  }

  /**
   * Resolves once the consumer joined its group, or its first attempt failed (then it is
   * retried by `supervisor`, else by the one of the options or one of its own).
   */
  async start(supervisor: ConsumerSupervisor = this.supervisor): Promise<void> {
    this.supervisor = supervisor; // its poison policy too
    this.supervised = await supervisor.supervise({
      groupId: this.spec.groupId,
      create: () =>
        this.kafka.consumer({
          groupId: this.spec.groupId,
          allowAutoTopicCreation: false,
          ...PER_MESSAGE_FETCH,
          retry: SUPERVISED_RETRY,
        }),
      run: (consumer) => this.run(consumer),
    });
    this.logger.info({ groupId: this.spec.groupId, topics: this.spec.topics }, 'due-time consumer started');
  }

  private async run(consumer: Consumer): Promise<void> {
    // A restarted consumer fetches from the committed offsets: the old pause timers are moot.
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await consumer.connect();
    await consumer.subscribe({ topics: this.spec.topics, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: PARTITIONS_AT_ONCE,
      eachBatch: async ({
        batch,
        resolveOffset,
        heartbeat,
        commitOffsetsIfNecessary,
        pause,
        isRunning,
        isStale,
      }) => {
        const { topic, partition, messages } = batch;
        const offsets = new ContiguousOffsets(
          messages.map((message) => message.offset),
          resolveOffset,
        );
        const hooks = { heartbeat, isRunning: () => isRunning() && !isStale() };
        for (let start = 0; start < messages.length;) {
          if (!hooks.isRunning()) return;
          // The messages due now, from here up to the first one that is not.
          const now = this.now();
          const due: { message: KafkaMessage; index: number; headers: Record<string, string> }[] = [];
          let waitMs = 0;
          for (let i = start; i < messages.length; i++) {
            const headers = stringHeaders(messages[i].headers);
            waitMs = (this.spec.dueAt(headers) ?? 0) - now;
            if (waitMs > 0) break;
            due.push({ message: messages[i], index: i, headers });
          }
          if (due.length === 0) {
            this.resumeLater(pause(), waitMs);
            return;
          }
          // Due messages of different lanes (keys) at once, one lane's in order: a slow handler
          // holds its own lane, not the partition — and, since kafkajs fetches again only once every
          // batch of a fetch is done, not every other partition of the consumer either.
          await runByKey(
            due,
            ({ message, headers }) => {
              const key = message.key?.toString() ?? null;
              return this.spec.laneOf ? this.spec.laneOf(headers, key) : key;
            },
            KEYS_AT_ONCE,
            async ({ message, headers }) => {
              if (!hooks.isRunning()) return false;
              await this.handleOne(topic, partition, message, headers, hooks);
              return true;
            },
            (index) => offsets.done(due[index].index),
          );
          await commitOffsetsIfNecessary();
          await heartbeat();
          start += due.length;
        }
      },
    });
  }

  /** Handled, or dead-lettered (the one poison policy); throws only to be retried (transient). */
  private async handleOne(
    topic: string,
    partition: number,
    message: KafkaMessage,
    headers: Record<string, string>,
    hooks: RetryHooks,
  ): Promise<void> {
    if (!message.value) return;
    const origin = { groupId: this.spec.groupId, topic, partition, message };
    const deadLetterTopic = this.spec.deadLetterTopic ?? deadLetterTopicFor(topic);
    const sink = (dead: Message) => this.deadLetters.send(deadLetterTopic, dead);
    let value: T;
    try {
      value = await this.serde.decode<T>(message.value);
    } catch (error) {
      const reason = classifyDecodeError(error);
      if (reason === null) throw error; // the registry is unreachable: retry, never skip
      return this.supervisor.poison.deadLetter(origin, reason, error, sink);
    }
    const event = {
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      value,
      headers,
    };
    // A retried postback may wait for a slow receiver: stay in the group meanwhile (not once
    // stopping: a heartbeat on a closing connection would crash the consumer).
    const heartbeat = () => (hooks.isRunning() ? hooks.heartbeat() : Promise.resolve());
    await this.supervisor.poison.handle(
      origin,
      () => heartbeatWhile(this.spec.handle(event), heartbeat),
      sink,
      hooks,
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.supervised?.stop();
    this.supervised = undefined;
    await this.deadLetters.disconnect();
  }

  private resumeLater(resume: () => void, waitMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      resume();
    }, waitMs);
    this.timers.add(timer);
  }
}
