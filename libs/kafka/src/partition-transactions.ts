import { type KafkaMessage, type Message, type Transaction } from 'kafkajs';
import { runByKey } from './keyed-concurrency';
import { type RetryHooks } from './poison-policy';
import { type TransactionalHandler } from './transactional-handler';
import { type TransactionalConsumers, type TransactionalSpec } from './transactional-consumers';

/** More per transaction means fewer commits (each waits for the coordinator's markers). */
export const MESSAGES_PER_TRANSACTION = 100;
/** Keys handled at the same time within one transaction (one key's messages stay in order). */
const KEYS_AT_ONCE = 16;

/** What a transaction will produce: sent together just before its offsets and commit. */
export type OutgoingSink = (topic: string, messages: Message[]) => void;

/** The open transaction of one partition's batch and the messages it holds. */
export class PartitionTransactions<T> {
  private transaction: Transaction | null = null;
  private pending: KafkaMessage[] = [];
  private outgoing = new Map<string, Message[]>();
  private readonly id: string;
  private readonly topic: string;
  private readonly partition: number;
  private readonly sink: OutgoingSink = (topic, messages) => {
    const list = this.outgoing.get(topic);
    if (list) list.push(...messages);
    else this.outgoing.set(topic, [...messages]);
  };

  constructor(
    private readonly owner: TransactionalConsumers,
    private readonly handler: TransactionalHandler<T>,
    private readonly spec: TransactionalSpec<T>,
    { topic, partition }: { topic: string; partition: number },
    private readonly resolveOffset: (offset: string) => void,
    private readonly hooks: RetryHooks,
  ) {
    this.topic = topic;
    this.partition = partition;
    this.id = `${spec.transactionalIdPrefix}-${topic}-${partition}`;
  }

  async add(message: KafkaMessage): Promise<void> {
    this.transaction ??= await (await this.owner.producerFor(this.id)).transaction();
    await this.handler.process(this.sink, this.topic, this.partition, message, this.hooks);
    this.pending.push(message);
    if (this.pending.length >= MESSAGES_PER_TRANSACTION) await this.commit();
  }

  /** Handles the messages (keys side by side, one key in order) in one transaction and commits it. */
  async addAll(messages: KafkaMessage[]): Promise<void> {
    this.transaction ??= await (await this.owner.producerFor(this.id)).transaction();
    if (this.spec.handleBatch) {
      await this.handler.processAll(this.sink, this.topic, this.partition, messages, this.hooks);
      this.pending.push(...messages);
      await this.commit();
      return;
    }
    await runByKey(
      messages,
      (message) => message.key?.toString() ?? null,
      KEYS_AT_ONCE,
      async (message) => {
        await this.handler.process(this.sink, this.topic, this.partition, message, this.hooks);
        return true;
      },
      () => undefined,
    );
    this.pending.push(...messages);
    await this.commit();
  }

  async commit(): Promise<void> {
    const transaction = this.transaction;
    const last = this.pending[this.pending.length - 1];
    if (!transaction || !last) return;
    // One produce request for all the transaction's output instead of one per message.
    if (this.outgoing.size > 0) await this.owner.sendOutput(transaction, this.outgoing);
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
    this.transaction = null;
    this.pending = [];
    this.outgoing = new Map();
    this.resolveOffset(last.offset);
  }

  /** Nothing of an aborted transaction is visible; its producer is dropped and made anew. */
  async abort(): Promise<void> {
    const transaction = this.transaction;
    this.transaction = null;
    this.pending = [];
    this.outgoing = new Map();
    if (!transaction) return;
    await transaction.abort().catch(() => undefined);
    await this.owner.dropProducer(this.id);
  }
}
