import { type Disposition } from '@postback/contracts';
import { type AttributedCall } from '../calls/attribute-disposition';
import { type RuleView } from '../rules/rules.repository';
import { type KeptForReplay } from './kept-disposition.store';

/** Test data for the backtest's pure parts: the seeded default rules and kept dispositions. */
export const call = (campaignId: string | null, campaignValue: string | null): AttributedCall => ({
  attribution: campaignId ? 'matched' : 'unmatched',
  campaign_id: campaignId,
  publisher_id: null,
  buyer_id: null,
  click_id: null,
  duration_seconds: 90,
  campaign_value: campaignValue,
  campaign_currency: campaignValue ? 'USD' : null,
});

let counter = 0;
export function kept(
  callId: string,
  label: string,
  options: { eventId?: string; value?: string; inRange?: boolean; campaign?: string } = {},
): KeptForReplay {
  const at = new Date('2026-12-01T10:00:00Z');
  const disposition: Disposition = {
    event_id: options.eventId ?? `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    call_id: callId,
    source_id: 'dialer',
    disposition: label,
    raw_disposition: label,
    disposition_mapped: true,
    value: options.value ?? null,
    currency: null,
    occurred_at: at,
    received_at: at,
    custom_fields: {},
    traceparent: null,
  };
  return { disposition, call: call(options.campaign ?? 'spring', '100'), inRange: options.inRange ?? true };
}

const rule = (id: string, name: string, dispositions: string[], outcome: RuleView['outcome']): RuleView => ({
  id,
  version: 1,
  name,
  scope: { type: 'global', id: null },
  dispositions,
  conditions: {},
  outcome,
  priority: 0,
  active: true,
  created_at: new Date(0),
});

export const DEFAULT_RULES: RuleView[] = [
  rule('sale', 'Sale', ['Sale'], { type: 'conversion' }),
  rule('lead', 'Qualified Lead', ['Qualified Lead'], { type: 'partial', percent: '50' }),
  rule('appointment', 'Appointment Set', ['Appointment Set'], {
    type: 'micro',
    value: '10',
    event_name: 'appointment',
  }),
  rule('no-answer', 'No Answer', ['No Answer'], { type: 'none', follow_up: true }),
  rule('existing', 'Existing Customer', ['Existing Customer'], { type: 'service' }),
];
