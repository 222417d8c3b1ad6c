import { type ConversionDecision, type Disposition } from '@postback/contracts';
import { type ConversionState, type Change } from './decide-change';
import { type AttributedCall } from '../calls/attribute-disposition';
import { type Evaluation } from '../rules/rule';

/** The ConversionDecision record for one change: pure, all inputs explicit. */
export function toConversionDecision(
  disposition: Disposition,
  evaluation: Evaluation,
  change: Change,
  previous: ConversionState | null,
  call: AttributedCall,
  ids: { decisionId: string; decidedAt: Date },
): ConversionDecision {
  return {
    decision_id: ids.decisionId,
    event_id: disposition.event_id,
    call_id: disposition.call_id,
    source_id: disposition.source_id,
    disposition: disposition.disposition,
    type: evaluation.type,
    status: change.status,
    value: evaluation.value,
    delta: change.delta,
    currency: disposition.currency ?? call.campaign_currency,
    previous_type: previous?.type ?? null,
    previous_value: previous?.value ?? null,
    rule_id: evaluation.rule.id,
    rule_version: evaluation.rule.version,
    event_name: evaluation.event_name,
    follow_up: evaluation.follow_up,
    attribution: call.attribution,
    campaign_id: call.campaign_id,
    publisher_id: call.publisher_id,
    buyer_id: call.buyer_id,
    click_id: call.click_id,
    duration_seconds: call.duration_seconds,
    occurred_at: disposition.occurred_at,
    received_at: disposition.received_at,
    decided_at: ids.decidedAt,
    custom_fields: disposition.custom_fields,
    traceparent: disposition.traceparent,
  };
}
