import { type Disposition } from '@postback/contracts';
import { type DispositionInput } from './disposition-input.schema';
import { type DispositionMap, mapDisposition } from './disposition-map';

export interface IntakeContext {
  eventId: string;
  sourceId: string;
  receivedAt: Date;
  traceparent: string;
  /** The source's labels → canonical dispositions; without one the label is kept and not flagged. */
  dispositionMap?: DispositionMap;
}

/** The Avro `Disposition` for a validated input: pure, so the whole mapping is unit-tested. */
export function toDispositionEvent(input: DispositionInput, context: IntakeContext): Disposition {
  const { disposition, mapped } = context.dispositionMap
    ? mapDisposition(context.dispositionMap, input.disposition)
    : { disposition: input.disposition, mapped: true };
  return {
    event_id: context.eventId,
    call_id: input.call_id,
    source_id: context.sourceId,
    disposition,
    raw_disposition: input.disposition,
    disposition_mapped: mapped,
    value: input.value ?? null,
    currency: input.currency ?? null,
    occurred_at: input.timestamp ?? context.receivedAt,
    received_at: context.receivedAt,
    custom_fields: input.custom,
    traceparent: context.traceparent,
  };
}
