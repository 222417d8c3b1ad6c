import { BaseRpcContext } from '@nestjs/microservices';
import { type ConsumedEvent } from './event-consumers';
import { type TransactionalOutbox } from './transactional-spec';

type KafkaEventArgs = [events: ConsumedEvent<unknown>[], outbox: TransactionalOutbox | null];

/**
 * The context of one handler call (`@Ctx()`): the events it handles with their topic, partition,
 * offset, key and headers, and, for a transactional consumer, the outbox whose messages commit
 * with the input offsets.
 */
export class KafkaEventContext extends BaseRpcContext<KafkaEventArgs> {
  /** The events of this call in offset order: one, or a batch handler's several. */
  getEvents<T>(): ConsumedEvent<T>[] {
    return this.args[0] as ConsumedEvent<T>[];
  }

  /** The first (for a one-message handler, the only) event of this call. */
  getEvent<T>(): ConsumedEvent<T> {
    return this.args[0][0] as ConsumedEvent<T>;
  }

  getTopic(): string {
    return this.getEvent().topic;
  }

  getHeaders(): Record<string, string> {
    return this.getEvent().headers;
  }

  /** What the handler produces: visible only if the transaction with the input offsets commits. */
  getOutbox(): TransactionalOutbox {
    const outbox = this.args[1];
    if (!outbox) throw new Error(`${this.getTopic()}: only a transactional consumer has an outbox`);
    return outbox;
  }
}
