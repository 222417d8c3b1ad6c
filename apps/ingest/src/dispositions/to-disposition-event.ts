import { type Disposition } from '@postback/contracts';
import { type DispositionInput } from './disposition-input.schema';

export interface IntakeContext {
  eventId: string;
  sourceId: string;
  receivedAt: Date;
  traceparent: string;
}

/** The Avro `Disposition` for a validated input: pure, so the whole mapping is unit-tested. */
export function toDispositionEvent(input: DispositionInput, context: IntakeContext): Disposition {
  return {
    event_id: context.eventId,
    call_id: input.call_id,
    source_id: context.sourceId,
    disposition: input.disposition,
    raw_disposition: input.disposition,
    disposition_mapped: true,
    value: input.value ?? null,
    currency: input.currency ?? null,
    occurred_at: input.timestamp ?? context.receivedAt,
    received_at: context.receivedAt,
    custom_fields: input.custom,
    traceparent: context.traceparent,
  };
}
