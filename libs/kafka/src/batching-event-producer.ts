import { EventProducer, type OutgoingEvent } from './event-producer';

export interface BatchingOptions {
  /** How long the first write of a batch waits for others (ms); 0 sends each write at once. */
  lingerMs: number;
  /** At most this many events per produce call; a batch this large goes without waiting out the linger. */
  maxBatchSize?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane {
  events: OutgoingEvent<unknown>[];
  /** Each caller with the number of its events, in order. */
  waiters: { waiter: Waiter; count: number }[];
  timer?: NodeJS.Timeout;
  /** The produce call under way, if any: the next batch gathers until it settles. */
  inFlight?: Promise<void>;
}

/**
 * Gathers the writes of many concurrent callers into one produce call per topic. A batch
 * goes `lingerMs` after its first write, or at once when full — but never while the topic's
 * previous produce call is still unanswered: writes gather meanwhile and go together the
 * moment it settles. So under load a batch holds whatever arrived during one broker round
 * trip (the producer keeps one request in flight), instead of queueing many small requests
 * behind each other. Each caller's promise settles with its batch: resolved once the broker
 * acknowledged the whole batch, rejected (ProduceFailedError) if it did not. The events of
 * one call keep their order: batches go one after another, each in the order of writes.
 */
export class BatchingEventProducer extends EventProducer {
  private readonly lanes = new Map<string, Lane>();
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
      let lane = this.lanes.get(topic);
      if (!lane) {
        lane = { events: [], waiters: [] };
        this.lanes.set(topic, lane);
      }
      lane.events.push(...(events as OutgoingEvent<unknown>[]));
      lane.waiters.push({ waiter: { resolve, reject }, count: events.length });
      if (lane.inFlight) return; // goes when the call under way settles
      if (lane.events.length >= this.maxBatchSize) void this.flush(topic);
      else lane.timer ??= setTimeout(() => void this.flush(topic), this.options.lingerMs);
    });
  }

  /** Sends whatever is waiting now (at shutdown, so that no accepted write is left behind). */
  async flushAll(): Promise<void> {
    await Promise.allSettled(
      [...this.lanes.keys()].map(async (topic) => {
        for (let lane = this.lanes.get(topic); lane && (lane.inFlight || lane.events.length > 0);) {
          await (lane.inFlight ?? this.flush(topic)).catch(() => undefined);
        }
      }),
    );
  }

  private flush(topic: string): Promise<void> {
    const lane = this.lanes.get(topic);
    if (!lane || lane.events.length === 0) return Promise.resolve();
    if (lane.inFlight) return lane.inFlight;
    clearTimeout(lane.timer);
    lane.timer = undefined;
    // Whole callers only, up to the batch size (a caller larger than that goes alone).
    const waiters: Waiter[] = [];
    let count = 0;
    while (lane.waiters.length > 0 && (count === 0 || count + lane.waiters[0].count <= this.maxBatchSize)) {
      const next = lane.waiters.shift()!;
      waiters.push(next.waiter);
      count += next.count;
    }
    const events = lane.events.splice(0, count);
    const sent = this.inner.send(topic, events).then(
      () => waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
    lane.inFlight = sent.finally(() => {
      lane.inFlight = undefined;
      // What gathered meanwhile has waited a round trip already: it goes now.
      if (lane.events.length > 0) void this.flush(topic);
      else this.lanes.delete(topic);
    });
    return lane.inFlight;
  }
}
