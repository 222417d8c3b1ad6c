import { type ConversionDecision } from '@postback/contracts';

/** Every macro an endpoint template may use, besides `custom.<name>`. */
export const MACRO_NAMES = [
  'call_id',
  'event_id',
  'decision_id',
  'delivery_id',
  'source_id',
  'disposition',
  'conversion_type',
  'conversion_status',
  'conversion_value',
  'delta',
  'previous_type',
  'previous_value',
  'currency',
  'rule_id',
  'rule_version',
  'event_name',
  'follow_up',
  'attribution',
  'campaign_id',
  'publisher_id',
  'buyer_id',
  'click_id',
  'duration',
  'timestamp',
  'decided_at',
] as const;

export type MacroName = (typeof MACRO_NAMES)[number];
export type MacroValues = Record<string, string | null>;

const KNOWN = new Set<string>(MACRO_NAMES);

export function isKnownMacro(name: string): boolean {
  return KNOWN.has(name) || /^custom\.[\w.-]{1,64}$/.test(name);
}

/** The values a decision offers to templates; null where the decision has none. */
export function decisionMacroValues(decision: ConversionDecision, deliveryId: string): MacroValues {
  const values: Record<MacroName, string | null> = {
    call_id: decision.call_id,
    event_id: decision.event_id,
    decision_id: decision.decision_id,
    delivery_id: deliveryId,
    source_id: decision.source_id,
    disposition: decision.disposition,
    conversion_type: decision.type,
    conversion_status: decision.status,
    conversion_value: decision.value,
    delta: decision.delta,
    previous_type: decision.previous_type,
    previous_value: decision.previous_value,
    currency: decision.currency,
    rule_id: decision.rule_id,
    rule_version: String(decision.rule_version),
    event_name: decision.event_name,
    follow_up: String(decision.follow_up),
    attribution: decision.attribution,
    campaign_id: decision.campaign_id,
    publisher_id: decision.publisher_id,
    buyer_id: decision.buyer_id,
    click_id: decision.click_id,
    duration: decision.duration_seconds === null ? null : String(decision.duration_seconds),
    timestamp: decision.occurred_at.toISOString(),
    decided_at: decision.decided_at.toISOString(),
  };
  const custom = Object.fromEntries(
    Object.entries(decision.custom_fields).map(([k, v]) => [`custom.${k}`, v]),
  );
  return { ...values, ...custom };
}
