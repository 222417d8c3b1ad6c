import { type KafkaMessage, type Message, type Transaction } from 'kafkajs';
import { KEYS_AT_ONCE } from './consumer-tuning';
import { runByKey } from './keyed-concurrency';
import { type RetryHooks } from './poison-policy';
import { type TransactionalHandler } from './transactional-handler';
import { type TransactionalProducers } from './transactional-producers';
import { type TransactionalSpec } from './transactional-spec';

/** Messages handed to a handler at once (its set-based statements grow with it). */
export const MESSAGES_PER_HANDLING = 100;
/** A transaction commits once it holds this many messages, whatever its age. */
export const MESSAGES_PER_TRANSACTION = 500;

/** What a transaction will produce: sent together just before its offsets and commit. */
export type OutgoingSink = (topic: string, messages: Message[]) => void;

/**
 * The open transaction of one input partition, kept across fetched batches: the messages it
 * handled, what they produce, and (at commit) the offset after the last of them. Everything
 * on it runs one after another (`exclusive`): batches, the commit when the interval is up,
 * an abort. A transaction that aborts leaves nothing visible; its messages are fetched again
 * from its first offset (`rewind`).
 */
export class PartitionTransactions<T> {
  private transaction: Transaction | null = null;
  private pending: KafkaMessage[] = [];
  private outgoing = new Map<string, Message[]>();
  private openedAt = 0;
  private timer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  readonly id: string;
  /** Where the messages of an aborted transaction are fetched again from (a seek). */
  rewind: (offset: string) => void = () => undefined;
  private readonly sink: OutgoingSink = (topic, messages) => {
    const list = this.outgoing.get(topic);
    if (list) list.push(...messages);
    else this.outgoing.set(topic, [...messages]);
  };

  constructor(
    private readonly producers: TransactionalProducers,
    private readonly handler: TransactionalHandler<T>,
    private readonly spec: TransactionalSpec<T>,
    readonly topic: string,
    readonly partition: number,
  ) {
    this.id = `${spec.transactionalIdPrefix}-${topic}-${partition}`;
  }

  /** Runs `work` after everything queued on this partition before it. */
  exclusive<R>(work: () => Promise<R>): Promise<R> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Whether the open transaction already holds a message at or after this offset (they came again). */
  holdsFrom(offset: string): boolean {
    const last = this.pending[this.pending.length - 1];
    return last !== undefined && BigInt(last.offset) >= BigInt(offset);
  }

  /** Whether the open transaction should commit now rather than wait for more. */
  due(intervalMs: number, now = Date.now()): boolean {
    return this.full || now - this.openedAt >= intervalMs;
  }

  get open(): boolean {
    return this.pending.length > 0;
  }

  get full(): boolean {
    return this.pending.length >= MESSAGES_PER_TRANSACTION;
  }

  async add(message: KafkaMessage, hooks: RetryHooks): Promise<void> {
    await this.begin();
    await this.handler.process(this.sink, this.topic, this.partition, message, hooks);
    this.pending.push(message);
  }

  /** Handles the messages (keys side by side, one key in order) in the open transaction. */
  async addAll(messages: KafkaMessage[], hooks: RetryHooks): Promise<void> {
    await this.begin();
    if (this.spec.handleBatch) {
      await this.handler.processAll(this.sink, this.topic, this.partition, messages, hooks);
    } else {
      await runByKey(
        messages,
        (message) => message.key?.toString() ?? null,
        KEYS_AT_ONCE,
        async (message) => {
          await this.handler.process(this.sink, this.topic, this.partition, message, hooks);
          return true;
        },
        () => undefined,
      );
    }
    this.pending.push(...messages);
  }

  /** Commits the open transaction when the interval is up, unless it commits (or aborts) before. */
  commitWithin(intervalMs: number, onError: (error: unknown) => void): void {
    if (this.timer || !this.open) return;
    const delay = Math.max(0, this.openedAt + intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.exclusive(() => this.commit()).catch(async (error: unknown) => {
        await this.exclusive(() => this.abort());
        onError(error);
      });
    }, delay);
  }

  async commit(): Promise<void> {
    this.clearTimer();
    const transaction = this.transaction;
    const last = this.pending[this.pending.length - 1];
    if (!transaction || !last) return;
    // One produce request for all the transaction's output instead of one per message.
    if (this.outgoing.size > 0) await this.producers.sendOutput(transaction, this.outgoing);
    await transaction.sendOffsets({
      consumerGroupId: this.spec.groupId,
      topics: [
        {
          topic: this.topic,
          partitions: [{ partition: this.partition, offset: (BigInt(last.offset) + 1n).toString() }],
        },
      ],
    });
    await transaction.commit();
    this.reset();
  }

  /** Nothing of an aborted transaction is visible; its producer is dropped and made anew. */
  async abort(): Promise<void> {
    this.clearTimer();
    const transaction = this.transaction;
    const first = this.pending[0];
    this.reset();
    if (first) this.rewind(first.offset);
    if (!transaction) return;
    await transaction.abort().catch(() => undefined);
    await this.producers.dropProducer(this.id);
  }

  private async begin(): Promise<void> {
    if (this.transaction) return;
    this.transaction = await (await this.producers.producerFor(this.id)).transaction();
    this.openedAt = Date.now();
  }

  private reset(): void {
    this.transaction = null;
    this.pending = [];
    this.outgoing = new Map();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
