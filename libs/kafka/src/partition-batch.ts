import { type KafkaMessage } from 'kafkajs';
import { MESSAGES_PER_HANDLING, type PartitionTransactions } from './partition-transactions';
import { type RetryHooks } from './poison-policy';
import { stringHeaders } from './string-headers';
import { type TransactionalSpec } from './transactional-spec';

/** One fetched batch of a partition, as eachBatch hands it over. */
export interface PartitionBatch<T> {
  open: PartitionTransactions<T>;
  messages: KafkaMessage[];
  hooks: RetryHooks;
  /** Marks a message handled: the next fetch starts after it (the commit is the transaction's). */
  resolveOffset(offset: string): void;
}

/**
 * Nothing to wait for: the messages are handled in the partition's open transaction (keys side
 * by side, one key in order), which commits once `commitIntervalMs` since it began is up —
 * here, or by a timer if no more messages come — or once it is large; at once when stopping.
 */
export async function handleInInterval<T>(
  { open, messages, hooks, resolveOffset }: PartitionBatch<T>,
  commitIntervalMs: number,
  stopping: () => boolean,
  onTimedCommitFailed: (error: unknown) => void,
): Promise<void> {
  for (let from = 0; from < messages.length; from += MESSAGES_PER_HANDLING) {
    if (!hooks.isRunning()) break;
    const chunk = messages.slice(from, from + MESSAGES_PER_HANDLING);
    await open.addAll(chunk, hooks);
    resolveOffset(chunk[chunk.length - 1].offset);
    if (stopping() || open.due(commitIntervalMs)) await open.commit();
    await hooks.heartbeat();
  }
  if (stopping()) await open.commit();
  else open.commitWithin(commitIntervalMs, onTimedCommitFailed);
}

/**
 * A delay topic: one message at a time; at the first that is not due, what came before it
 * commits and the partition pauses until then (nothing behind the head is due earlier).
 * Commits at the end of every batch.
 */
export async function handleUntilDue<T>(
  { open, messages, hooks, resolveOffset }: PartitionBatch<T>,
  notBefore: NonNullable<TransactionalSpec<T>['notBefore']>,
  pauseUntil: (due: number) => void,
): Promise<void> {
  for (const message of messages) {
    if (!hooks.isRunning()) break;
    const due = (await notBefore(stringHeaders(message.headers), message.key?.toString() ?? null)) ?? null;
    if (due !== null && due > Date.now()) {
      await open.commit();
      pauseUntil(due);
      return;
    }
    await open.add(message, hooks);
    resolveOffset(message.offset);
    if (open.full) await open.commit();
    await hooks.heartbeat();
  }
  await open.commit();
}
