import { type ConversionDecision } from '@postback/contracts';

/** The decision `POST /v1/endpoints/:id/test` renders: a Sale on a made-up call, every field filled. */
export function sampleDecision(now: Date): ConversionDecision {
  return {
    decision_id: '00000000-0000-4000-8000-000000000001',
    event_id: '00000000-0000-4000-8000-000000000002',
    call_id: 'test-call-0001',
    source_id: 'default',
    disposition: 'Sale',
    type: 'conversion',
    status: 'new',
    value: '125.50',
    delta: '125.50',
    currency: 'USD',
    previous_type: null,
    previous_value: null,
    rule_id: 'sale',
    rule_version: 1,
    event_name: 'purchase',
    follow_up: false,
    attribution: 'matched',
    campaign_id: 'test-campaign',
    publisher_id: 'test-publisher',
    buyer_id: 'test-buyer',
    click_id: 'test-click',
    duration_seconds: 184,
    occurred_at: now,
    received_at: now,
    decided_at: now,
    custom_fields: { test: 'true' },
    traceparent: null,
  };
}
