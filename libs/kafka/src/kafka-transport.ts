import { type ModuleRef } from '@nestjs/core';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { type Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { isObservable, lastValueFrom } from 'rxjs';
import { type AvroSerde } from './avro-serde';
import { type ConsumeOptions, type ConsumerHooks, checkConsume, topicsMatching } from './consume-options';
import { type ConsumerSupervisor } from './consumer-supervisor';
import { deadLetterTopicFor } from './dead-letter';
import { DueTimeConsumer } from './due-time-consumer';
import { type ConsumedEvent, type EventConsumers } from './event-consumers';
import { isHiddenByNest } from './kafka-controller.decorator';
import { KafkaEventContext } from './kafka-event.context';
import { type KafkaProduceMetrics } from './kafka-produce.metrics';
import { TransactionalConsumers } from './transactional-consumers';
import { type TransactionalOutbox } from './transactional-spec';

export interface KafkaTransportDeps {
  kafka: Kafka;
  serde: AvroSerde;
  logger: Logger;
  supervisor: ConsumerSupervisor;
  events: EventConsumers;
  produceMetrics: KafkaProduceMetrics;
  moduleRef: Pick<ModuleRef, 'get'>;
  /** Every topic created at start-up (topicCatalog): what a pattern may name. */
  topics: readonly string[];
  /** Transactional ids are `<prefix>-<topic>-<partition>`. */
  transactionalIdPrefix: string;
  /** KAFKA_TRANSACTION_COMMIT_INTERVAL_MS */
  commitIntervalMs: number;
}

type Invoke = (
  data: unknown,
  events: ConsumedEvent<unknown>[],
  outbox: TransactionalOutbox | null,
) => Promise<void>;

/**
 * @nestjs/microservices' transport over the project's own Kafka engine (not Nest's Kafka
 * transport, which binds only eachMessage and stalls a partition on a failing message). Every
 * `@EventPattern(topic, consume({...}))` handler of a `@KafkaController()` becomes one consumer
 * group: at least once with keyed concurrency and contiguous commits (EventConsumers), exactly
 * once with transactions (TransactionalConsumers), or paused until due on a delay topic
 * (DueTimeConsumer); all under the supervisor's one poison policy. `close()` stops them all
 * together (each commits what it handled); the Kafka module calls it in its shutdown hook,
 * before producers and the database close, and Nest's own call later finds it done.
 */
export class KafkaTransport extends Server implements CustomTransportStrategy {
  private transactional?: TransactionalConsumers;
  private readonly stops: (() => Promise<void>)[] = [];
  private closing?: Promise<void>;

  constructor(private readonly deps: KafkaTransportDeps) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.startAll().then(() => callback(), callback);
  }

  close(): Promise<void> {
    this.closing ??= Promise.all(this.stops.map((stop) => stop())).then(() => undefined);
    return this.closing;
  }

  on(): never {
    throw new Error('KafkaTransport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.deps.kafka as T;
  }

  private async startAll(): Promise<void> {
    for (const [pattern, handler] of this.messageHandlers) {
      if (this.closing) return; // stopped while starting: nothing more joins a group
      if (handler.next) throw new Error(`@EventPattern('${pattern}'): more than one handler`);
      await this.start(pattern, handler.extras as ConsumeOptions | undefined, this.invoker(pattern, handler));
      if (this.closing) {
        // Closed while this consumer joined its group: the close ran without it. Stop again
        // (every stop is idempotent), so no consumer outlives the transport.
        await this.closing;
        await Promise.all(this.stops.map((stop) => stop()));
        return;
      }
    }
  }

  private async start(pattern: string, options: ConsumeOptions | undefined, invoke: Invoke): Promise<void> {
    const consume = checkConsume(pattern, options);
    const topics = topicsMatching(pattern, this.deps.topics);
    const common = { groupId: consume.group, topics, deadLetterTopic: consume.deadLetterTopic };
    // A batch handler takes an array also when the engine hands it one message (after a batch failed).
    const one = (event: ConsumedEvent<unknown>, outbox: TransactionalOutbox | null = null) =>
      invoke(consume.batch ? [event.value] : event.value, [event], outbox);
    const many = (events: ConsumedEvent<unknown>[], outbox: TransactionalOutbox | null = null) =>
      invoke(
        events.map(({ value }) => value),
        events,
        outbox,
      );
    if (consume.transactional) {
      const hooks = consume.hooks
        ? this.deps.moduleRef.get<ConsumerHooks>(consume.hooks, { strict: false })
        : undefined;
      return this.transactionalEngine().start({
        ...common,
        deadLetterTopic: consume.deadLetterTopic ?? deadLetterTopicFor(topics[0]),
        transactionalIdPrefix: this.deps.transactionalIdPrefix,
        handle: one,
        handleBatch: consume.batch ? many : undefined,
        notBefore: hooks?.notBefore?.bind(hooks),
        onDeadLetter: hooks?.onDeadLetter?.bind(hooks),
      });
    }
    if (consume.dueAt) {
      const { kafka, serde, logger, supervisor } = this.deps;
      const engine = new DueTimeConsumer(kafka, serde, logger, {
        ...common,
        dueAt: consume.dueAt,
        laneOf: consume.laneOf,
        handle: (event) => one(event),
      });
      this.stops.push(() => engine.stop());
      return engine.start(supervisor);
    }
    if (!this.stops.includes(this.stopEvents)) this.stops.push(this.stopEvents);
    return this.deps.events.start({
      ...common,
      handle: (event) => one(event),
      handleBatch: consume.batch ? (events) => many(events) : undefined,
      batchSize: consume.batchSize,
    });
  }

  private readonly stopEvents = () => this.deps.events.stopAll();

  /** One engine (and its transactional producers) for every transactional consumer of the service. */
  private transactionalEngine(): TransactionalConsumers {
    if (!this.transactional) {
      const { kafka, serde, logger, produceMetrics, supervisor, commitIntervalMs } = this.deps;
      const engine = new TransactionalConsumers(
        kafka,
        serde,
        logger,
        produceMetrics,
        supervisor,
        commitIntervalMs,
      );
      this.transactional = engine;
      this.stops.push(() => engine.stopAll());
    }
    return this.transactional;
  }

  /** Calls the handler through Nest (pipes, `@Payload()`, `@Ctx()`, filters) and waits for its result. */
  private invoker(pattern: string, handler: MessageHandler): Invoke {
    return async (data, events, outbox) => {
      try {
        const result: unknown = await handler(data, new KafkaEventContext([events, outbox]));
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      } catch (error) {
        if (!isHiddenByNest(error)) throw error;
        throw new Error(`@EventPattern('${pattern}') failed; put @KafkaController() on its class to see why`);
      }
    };
  }
}
