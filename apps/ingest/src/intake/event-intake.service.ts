import { ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { type Logger } from 'pino';
import { BatchingEventProducer, ProduceFailedError } from '@postback/kafka';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { type EventRef, IdempotencyStore } from '../idempotency/idempotency.store';
import { requestKey } from '../idempotency/idempotency-key';
import { IngestMetrics } from '../ingest.metrics';
import { AcceptedCounter } from '../ledger/accepted-counter';
import { ProduceBreaker } from './produce-breaker';

export type IntakeKind = 'disposition' | 'call_event';

export interface PreparedEvent<T> {
  /** Without an Idempotency-Key the event id is eventIdOf(dedupKey). */
  ref: EventRef;
  /** Derived from what makes the event the same event (see idempotency-key.ts). */
  dedupKey: string;
  value: T;
}

export interface AcceptedEvent extends EventRef {
  status: 'accepted' | 'duplicate';
}

/** As long as the 503's Retry-After: a client that waits as told finds writes tried again. */
export const BREAKER_COOLDOWN_MS = 5000;

export interface IntakeRequest<T> {
  kind: IntakeKind;
  topic: string;
  sourceId: string;
  events: PreparedEvent<T>[];
  /** The client's Idempotency-Key: then the whole request is one unit of dedup. */
  idempotencyKey?: string;
  /** With an Idempotency-Key: the hash of the validated request (see requestHash). */
  requestHash?: string;
  traceparent: string;
  /** When ingest received the request: the minute its accepted dispositions are counted in. */
  receivedAt?: Date;
}

const inProgress = () =>
  new ConflictException({
    error: 'in_progress',
    message: 'a request with the same idempotency key is still being stored; retry shortly',
  });

/** Stripe's answer to a key reused for another request: nothing is produced, the key stays bound. */
const reused = (idempotencyKey: string) =>
  new UnprocessableEntityException({
    error: 'idempotency_key_reused',
    message: `Idempotency-Key "${idempotencyKey}" was already used with a different request body; use a new key for a new request`,
    idempotency_key: idempotencyKey,
    fields: [{ field: 'Idempotency-Key', problem: 'was already used with a different request body' }],
  });

/**
 * Dedup, then produce, then answer: resolves only once Kafka acknowledged every new event.
 * A request with an Idempotency-Key is claimed in PostgreSQL: its repeat (within the window)
 * answers with the original event ids and produces nothing, and a failed produce releases
 * the key so that the client's retry is taken. Without one, see acceptDerived.
 */
@Injectable()
export class EventIntakeService {
  private readonly breaker = new ProduceBreaker(BREAKER_COOLDOWN_MS);
  /**
   * For the line per accepted event, which holds four ids and nothing that a redaction path
   * names: redaction would leave it as it is, at about ten times the cost of the line.
   */
  private readonly acceptedLog: Logger;

  constructor(
    private readonly producer: BatchingEventProducer,
    private readonly store: IdempotencyStore,
    private readonly metrics: IngestMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
    private readonly acceptedCounter: AcceptedCounter,
  ) {
    this.acceptedLog = logger.child({}, { redact: [] });
  }

  async accept<T>(request: IntakeRequest<T>): Promise<AcceptedEvent[]> {
    if (this.breaker.isOpen(Date.now())) {
      this.metrics.events.inc(
        { kind: request.kind, source_id: request.sourceId, outcome: 'unavailable' },
        request.events.length,
      );
      throw new ProduceFailedError(request.topic, new Error('a write failed moments ago; not trying yet'));
    }
    return request.idempotencyKey !== undefined ? this.acceptKeyed(request) : this.acceptDerived(request);
  }

  private async acceptKeyed<T>(request: IntakeRequest<T>): Promise<AcceptedEvent[]> {
    const key = requestKey(request.kind, request.idempotencyKey!);
    const refs = request.events.map((event) => event.ref);
    const claimed = await this.store.claim(request.sourceId, [
      { key, events: refs, requestHash: request.requestHash },
    ]);
    if (!claimed.has(key)) {
      const recorded = (await this.store.recorded(request.sourceId, [key])).get(key);
      // Keys recorded before request hashes were kept have none: they are taken as the same.
      if (recorded?.requestHash && recorded.requestHash !== request.requestHash)
        throw reused(request.idempotencyKey!);
      if (!recorded || recorded.state === 'pending') throw inProgress();
      this.metrics.events.inc(
        { kind: request.kind, source_id: request.sourceId, outcome: 'duplicate' },
        recorded.events.length,
      );
      return recorded.events.map((ref) => ({ ...ref, status: 'duplicate' }));
    }
    await this.produce(request, request.events, [key]);
    return refs.map((ref) => ({ ...ref, status: 'accepted' }));
  }

  /**
   * Without a client key nothing is stored here: an event's id is derived from what makes it
   * the same event (see eventIdOf), so a repeat carries the same id and rules, which keeps the
   * ids it decided transactionally, decides it once. Here only a repeat inside the request is
   * known (produced once, answered `duplicate`); a repeat of an earlier request is produced
   * again and answered `accepted` with the same event id.
   */
  private async acceptDerived<T>(request: IntakeRequest<T>): Promise<AcceptedEvent[]> {
    const firstByKey = new Map<string, PreparedEvent<T>>();
    for (const event of request.events)
      if (!firstByKey.has(event.dedupKey)) firstByKey.set(event.dedupKey, event);
    await this.produce(request, [...firstByKey.values()], []);
    const answers = request.events.map((event): AcceptedEvent => ({
      ...event.ref,
      status: firstByKey.get(event.dedupKey) === event ? 'accepted' : 'duplicate',
    }));
    const duplicates = request.events.length - firstByKey.size;
    if (duplicates > 0)
      this.metrics.events.inc(
        { kind: request.kind, source_id: request.sourceId, outcome: 'duplicate' },
        duplicates,
      );
    return answers;
  }

  private async produce<T>(
    request: IntakeRequest<T>,
    events: PreparedEvent<T>[],
    keys: string[],
  ): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.producer.send<T>(
        request.topic,
        events.map((event) => ({
          key: event.ref.call_id,
          value: event.value,
          headers: { traceparent: request.traceparent },
        })),
      );
    } catch (error) {
      if (error instanceof ProduceFailedError) this.breaker.failed(Date.now());
      this.metrics.events.inc(
        { kind: request.kind, source_id: request.sourceId, outcome: 'unavailable' },
        events.length,
      );
      // If this fails too, the claims go stale and are taken over after a minute.
      await this.store.release(request.sourceId, keys).catch(() => undefined);
      throw error;
    }
    this.breaker.succeeded();
    // Not awaited (one database commit less per request): see IdempotencyStore.confirm.
    this.store
      .confirm(request.sourceId, keys)
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, source_id: request.sourceId },
          'confirming idempotency keys failed: a repeat is refused (409) until they go stale',
        ),
      );
    this.metrics.events.inc(
      { kind: request.kind, source_id: request.sourceId, outcome: 'accepted' },
      events.length,
    );
    if (request.kind === 'disposition')
      this.acceptedCounter.add(request.receivedAt ?? new Date(), events.length);
    const traceId = traceIdOf(request.traceparent);
    for (const event of events) {
      this.acceptedLog.info(
        {
          call_id: event.ref.call_id,
          event_id: event.ref.event_id,
          source_id: request.sourceId,
          trace_id: traceId,
        },
        `${request.kind} accepted`,
      );
    }
  }
}
