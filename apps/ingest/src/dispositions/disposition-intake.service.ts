import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type Disposition, Topic } from '@postback/contracts';
import { derivedKey, eventIdOf, requestHash, windowOf } from '../idempotency/idempotency-key';
import { type AcceptedEvent, EventIntakeService } from '../intake/event-intake.service';
import { type ResolvedSource } from '../sources/source-directory';
import { type DispositionInput } from './disposition-input.schema';
import { normaliseLabel } from '@postback/labels';
import { toDispositionEvent } from './to-disposition-event';

/** Turns validated dispositions into events of their source and resolves once Kafka acknowledged them. */
@Injectable()
export class DispositionIntakeService {
  constructor(
    private readonly intake: EventIntakeService,
    @InjectConfig() private readonly config: Config,
  ) {}

  accept(
    inputs: DispositionInput[],
    source: ResolvedSource,
    idempotencyKey: string | undefined,
    traceparent: string,
  ): Promise<AcceptedEvent[]> {
    const receivedAt = new Date();
    // An empty map means the source sends canonical labels: nothing to map, nothing to flag.
    const dispositionMap =
      Object.keys(source.disposition_map).length > 0 ? source.disposition_map : undefined;
    return this.intake.accept<Disposition>({
      kind: 'disposition',
      topic: Topic.Dispositions,
      sourceId: source.id,
      idempotencyKey,
      requestHash: idempotencyKey === undefined ? undefined : requestHash(inputs),
      traceparent,
      receivedAt,
      events: inputs.map((input) => {
        // The value too: a changed value is a correction (an upgrade), never a repeat. Without a
        // timestamp, the same label is a repeat only within the idempotency window: a Sale of
        // the same value days later is a new disposition, not swallowed for good downstream.
        const dedupKey = derivedKey([
          source.id,
          input.call_id,
          normaliseLabel(input.disposition),
          input.timestamp ?? windowOf(receivedAt, this.config.ingest.idempotencyWindowMs),
          input.value,
        ]);
        const event = toDispositionEvent(input, {
          // With an Idempotency-Key the claim in PostgreSQL recognises a repeat: a new key is a
          // new request, whatever it holds.
          eventId: idempotencyKey === undefined ? eventIdOf(dedupKey) : randomUUID(),
          sourceId: source.id,
          receivedAt,
          traceparent,
          dispositionMap,
        });
        return { ref: { event_id: event.event_id, call_id: event.call_id }, dedupKey, value: event };
      }),
    });
  }
}
