import { decimalText, isoDate } from '@postback/api-docs';
import { z } from 'zod';

export const decisionType = z.enum(['conversion', 'partial', 'micro', 'none', 'service']);

/** A decision as produced to conversions.v1 (the Avro record), times as ISO strings. */
export const conversionDecisionView = z.object({
  decision_id: z.uuid(),
  event_id: z.uuid().describe("the disposition's event id"),
  call_id: z.string(),
  source_id: z.string(),
  disposition: z.string(),
  type: decisionType,
  status: z.enum(['new', 'upgrade', 'reversal']),
  value: decimalText(),
  delta: decimalText(),
  currency: z.string().nullable(),
  previous_type: decisionType.nullable(),
  previous_value: decimalText().nullable(),
  rule_id: z.string(),
  rule_version: z.number().int(),
  event_name: z.string().nullable(),
  follow_up: z.boolean(),
  attribution: z.enum(['matched', 'unmatched']),
  campaign_id: z.string().nullable(),
  publisher_id: z.string().nullable(),
  buyer_id: z.string().nullable(),
  click_id: z.string().nullable(),
  duration_seconds: z.number().int().nullable(),
  occurred_at: isoDate(),
  received_at: isoDate(),
  decided_at: isoDate(),
  custom_fields: z.record(z.string(), z.string()),
  traceparent: z.string().nullable(),
});

/** `GET /v1/conversions`: a page of decisions in the order they were made. */
export const conversionsPageView = z.object({
  items: z.array(conversionDecisionView),
  next_cursor: z.string().nullable().describe('pass back as `cursor`; null on the last page'),
});
