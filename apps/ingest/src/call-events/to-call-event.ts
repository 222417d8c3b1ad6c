import { type CallEvent } from '@postback/contracts';
import { type CallEventInput } from './call-event-input.schema';

export interface CallEventContext {
  eventId: string;
  sourceId: string;
  receivedAt: Date;
  traceparent: string;
  /** The keyed hash of the E.164 caller number, computed before this point. */
  callerHash: string | null;
}

/** The Avro `CallEvent` for a validated input; the caller number itself is not in it. */
export function toCallEvent(input: CallEventInput, context: CallEventContext): CallEvent {
  return {
    event_id: context.eventId,
    call_id: input.call_id,
    source_id: context.sourceId,
    type: input.type,
    campaign_id: input.campaign_id,
    publisher_id: input.publisher_id ?? null,
    buyer_id: input.buyer_id ?? null,
    click_id: input.click_id ?? null,
    caller_hash: context.callerHash,
    duration_seconds: input.duration_seconds ?? null,
    occurred_at: input.timestamp ?? context.receivedAt,
    received_at: context.receivedAt,
    custom_fields: input.custom_fields,
    traceparent: context.traceparent,
  };
}
