import { type PoisonReason } from './classify-decode-error';
import { type ConsumedEvent } from './event-consumers';
import { type OutgoingEvent } from './event-producer';

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
