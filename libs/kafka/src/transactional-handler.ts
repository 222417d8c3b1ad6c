import { type KafkaMessage, type Message } from 'kafkajs';
import { type AvroSerde } from './avro-serde';
import { classifyDecodeError } from './classify-decode-error';
import { type ConsumedEvent } from './event-consumers';
import { type OutgoingSink } from './partition-transactions';
import { type PoisonPolicy, type RetryHooks } from './poison-policy';
import { stringHeaders } from './string-headers';
import { type TransactionalOutbox, type TransactionalSpec } from './transactional-spec';

/**
 * One transactional consumer's messages through its handlers, under the poison policy: an
 * undecodable message, or one whose handler fails permanently (or too often), is
 * dead-lettered inside the transaction; a handler's output joins the transaction only if that
 * try succeeded. A failed `handleBatch` is retried message by message, so that only the
 * poison one is dead-lettered and the rest are decided.
 */
export class TransactionalHandler<T> {
  constructor(
    private readonly spec: TransactionalSpec<T>,
    private readonly serde: AvroSerde,
    private readonly poison: PoisonPolicy,
  ) {}

  async process(
    sink: OutgoingSink,
    topic: string,
    partition: number,
    message: KafkaMessage,
    hooks: RetryHooks,
  ) {
    const event = await this.decode(sink, topic, partition, message);
    if (!event) return;
    await this.poison.handle(
      { groupId: this.spec.groupId, topic, partition, message },
      this.staged(sink, (outbox) => this.spec.handle(event, outbox)),
      this.deadLetterSink(sink, topic),
      hooks,
    );
  }

  async processAll(
    sink: OutgoingSink,
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    hooks: RetryHooks,
  ) {
    const handleBatch = this.spec.handleBatch!;
    const decoded: { event: ConsumedEvent<T>; message: KafkaMessage }[] = [];
    for (const message of messages) {
      const event = await this.decode(sink, topic, partition, message);
      if (event) decoded.push({ event, message });
    }
    if (decoded.length === 0) return;
    const origin = { groupId: this.spec.groupId, topic, partition };
    const events = decoded.map(({ event }) => event);
    if (
      await this.poison.attemptBatch(
        origin,
        this.staged(sink, (outbox) => handleBatch(events, outbox)),
        hooks,
      )
    ) {
      return;
    }
    // In offset order, so that one key's messages stay in order.
    for (const { event, message } of decoded) {
      await this.poison.handle(
        { ...origin, message },
        this.staged(sink, (outbox) => handleBatch([event], outbox)),
        this.deadLetterSink(sink, topic),
        hooks,
      );
    }
  }

  /** One try of a handler: what it sends is kept aside, and joins the transaction only if it succeeds. */
  private staged(
    sink: OutgoingSink,
    run: (outbox: TransactionalOutbox) => Promise<void>,
  ): () => Promise<void> {
    return async () => {
      const output: [string, Message[]][] = [];
      await run({
        send: async (target, events) => {
          const encoded = await Promise.all(
            events.map(async (event) => ({
              key: event.key,
              value: await this.serde.encode(target, event.value),
              headers: event.headers,
            })),
          );
          output.push([target, encoded]);
        },
      });
      for (const [target, encoded] of output) sink(target, encoded);
    };
  }

  private deadLetterSink(sink: OutgoingSink, topic: string) {
    return (message: Message) => {
      sink(this.spec.deadLetterTopic, [message]);
      this.spec.onDeadLetter?.(String(message.headers?.['x-dlq-reason']), topic);
    };
  }

  /** The message's event; null for a tombstone or a poison message (then dead-lettered). */
  private async decode(
    sink: OutgoingSink,
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
      if (!reason) throw error; // the registry is unreachable: retry, never skip
      const origin = { groupId: this.spec.groupId, topic, partition, message };
      await this.poison.deadLetter(origin, reason, error, this.deadLetterSink(sink, topic));
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
}
