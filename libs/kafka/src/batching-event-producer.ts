import { EventProducer, type OutgoingEvent } from './event-producer';

export interface BatchingOptions {
  /** How long the first write of a batch waits for others (ms); 0 sends each write at once. */
  lingerMs: number;
  /** A batch this large is sent without waiting out the linger. */
  maxBatchSize?: number;
}

interface Batch {
  events: OutgoingEvent<unknown>[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  timer: NodeJS.Timeout;
}

/**
 * Gathers the writes of many concurrent callers into one produce call per topic, waiting at
 * most `lingerMs` after the first. Each caller's promise settles with its batch: resolved once
 * the broker acknowledged the whole batch, rejected (ProduceFailedError) if it did not.
 * The events of one call keep their order: a batch preserves the order of writes.
 */
export class BatchingEventProducer extends EventProducer {
  private readonly batches = new Map<string, Batch>();
  private readonly maxBatchSize: number;

  constructor(
    private readonly inner: EventProducer,
    private readonly options: BatchingOptions,
  ) {
    super();
    this.maxBatchSize = options.maxBatchSize ?? 1000;
  }

  send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void> {
    if (this.options.lingerMs <= 0) return this.inner.send(topic, events);
    return new Promise<void>((resolve, reject) => {
      let batch = this.batches.get(topic);
      if (!batch) {
        batch = {
          events: [],
          waiters: [],
          timer: setTimeout(() => this.flush(topic), this.options.lingerMs),
        };
        this.batches.set(topic, batch);
      }
      batch.events.push(...(events as OutgoingEvent<unknown>[]));
      batch.waiters.push({ resolve, reject });
      if (batch.events.length >= this.maxBatchSize) this.flush(topic);
    });
  }

  /** Sends whatever is waiting now (at shutdown, so that no accepted write is left behind). */
  async flushAll(): Promise<void> {
    await Promise.allSettled([...this.batches.keys()].map((topic) => this.flush(topic)));
  }

  private flush(topic: string): Promise<void> {
    const batch = this.batches.get(topic);
    if (!batch) return Promise.resolve();
    this.batches.delete(topic);
    clearTimeout(batch.timer);
    return this.inner.send(topic, batch.events).then(
      () => batch.waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => batch.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
