import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type CallEvent, Topic } from '@postback/contracts';
import { ValidationFailedException } from '@postback/http';
import { derivedKey, eventIdOf, requestHash } from '../idempotency/idempotency-key';
import { type AcceptedEvent, EventIntakeService } from '../intake/event-intake.service';
import { type ResolvedSource } from '../sources/source-directory';
import { hashCaller } from './caller-hash';
import { type CallEventInput } from './call-event-input.schema';
import { toE164 } from './phone-number';
import { toCallEvent } from './to-call-event';

/** Normalises and hashes caller numbers at the edge, then produces CallEvents to calls.events.v1. */
@Injectable()
export class CallEventIntakeService {
  constructor(
    private readonly intake: EventIntakeService,
    @InjectConfig() private readonly config: Config,
  ) {}

  accept(
    inputs: CallEventInput[],
    source: ResolvedSource,
    idempotencyKey: string | undefined,
    traceparent: string,
  ): Promise<AcceptedEvent[]> {
    const hashes = this.callerHashes(inputs);
    const receivedAt = new Date();
    return this.intake.accept<CallEvent>({
      kind: 'call_event',
      topic: Topic.CallEvents,
      sourceId: source.id,
      idempotencyKey,
      // The caller number only as its keyed hash, here as everywhere.
      requestHash:
        idempotencyKey === undefined
          ? undefined
          : requestHash(inputs.map((input, index) => ({ ...input, caller_number: hashes[index] }))),
      traceparent,
      events: inputs.map((input, index) => {
        const dedupKey = derivedKey([source.id, input.call_id, `call:${input.type}`, input.timestamp]);
        const event = toCallEvent(input, {
          eventId: eventIdOf(dedupKey),
          sourceId: source.id,
          receivedAt,
          traceparent,
          callerHash: hashes[index],
        });
        return { ref: { event_id: event.event_id, call_id: event.call_id }, dedupKey, value: event };
      }),
    });
  }

  /** Every caller number as a keyed hash of its E.164 form; 400 naming each that is not a number. */
  private callerHashes(inputs: CallEventInput[]): (string | null)[] {
    const problems: { field: string; problem: string }[] = [];
    const hashes = inputs.map((input, index) => {
      if (input.caller_number === undefined) return null;
      const e164 = toE164(input.caller_number, this.config.ingest.defaultCountryCode);
      if (!e164) {
        problems.push({
          field: `[${index}].caller_number`,
          problem: 'must be a phone number: E.164 (+14155552671) or national digits',
        });
        return null;
      }
      return hashCaller(e164, this.config.ingest.callerHashKey);
    });
    if (problems.length > 0) throw new ValidationFailedException(problems);
    return hashes;
  }
}
