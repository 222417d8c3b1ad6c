/**
 * TypeScript shapes of the Avro records in ./avro. Field names follow the schemas
 * (snake_case) so that a value can be encoded without mapping.
 */
export type CallEventType = 'started' | 'answered' | 'ended';
export type DecisionType = 'conversion' | 'partial' | 'micro' | 'none' | 'service';
export type DecisionStatus = 'new' | 'upgrade' | 'reversal';
export type Attribution = 'matched' | 'unmatched';
export type DeliveryResult = 'delivered' | 'failed';
/** Which URL an attempt went to: the endpoint's own, or its backup. */
export type DeliveryTarget = 'primary' | 'backup';

/** Avro timestamp-millis fields decode to Date and accept Date. */
type Timestamp = Date;

export interface CallEvent {
  event_id: string;
  call_id: string;
  source_id: string;
  type: CallEventType;
  campaign_id: string;
  publisher_id: string | null;
  buyer_id: string | null;
  click_id: string | null;
  caller_hash: string | null;
  duration_seconds: number | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  custom_fields: Record<string, string>;
  traceparent: string | null;
}

export interface Disposition {
  event_id: string;
  call_id: string;
  source_id: string;
  disposition: string;
  raw_disposition: string;
  disposition_mapped: boolean;
  value: string | null;
  currency: string | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  custom_fields: Record<string, string>;
  traceparent: string | null;
}

export interface ConversionDecision {
  decision_id: string;
  event_id: string;
  call_id: string;
  source_id: string;
  disposition: string;
  type: DecisionType;
  status: DecisionStatus;
  value: string;
  delta: string;
  currency: string | null;
  previous_type: DecisionType | null;
  previous_value: string | null;
  rule_id: string;
  rule_version: number;
  event_name: string | null;
  follow_up: boolean;
  attribution: Attribution;
  campaign_id: string | null;
  publisher_id: string | null;
  buyer_id: string | null;
  click_id: string | null;
  duration_seconds: number | null;
  occurred_at: Timestamp;
  received_at: Timestamp;
  decided_at: Timestamp;
  custom_fields: Record<string, string>;
  traceparent: string | null;
}

export interface DeliveryJob {
  delivery_id: string;
  endpoint_id: string;
  decision_id: string;
  call_id: string;
  attempt: number;
  last_error: string | null;
  enqueued_at: Timestamp;
}

export interface DeliveryOutcome {
  delivery_id: string;
  endpoint_id: string;
  decision_id: string;
  call_id: string;
  outcome: DeliveryResult;
  attempts: number;
  status_code: number | null;
  error: string | null;
  finished_at: Timestamp;
  traceparent: string | null;
  /** Which URL answered the last attempt; null from writers before backup endpoints. */
  target?: DeliveryTarget | null;
}
