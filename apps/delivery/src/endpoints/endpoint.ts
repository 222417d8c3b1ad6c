import { type ConversionDecision, type DecisionType } from '@postback/contracts';
import { compareDecimals } from '@postback/money';
import { type MissingMacroPolicy } from '../templates/template';

export type HttpMethod = 'GET' | 'POST' | 'PUT';
export type EndpointScope =
  { type: 'global'; id: null } | { type: 'campaign' | 'publisher' | 'buyer'; id: string };

export const DEFAULT_DECISION_TYPES: DecisionType[] = ['conversion', 'partial', 'micro'];

/** How requests prove where they come from. Secrets stay server-side: see publicEndpoint. */
export type EndpointAuth =
  | { type: 'none' }
  | { type: 'header'; name: string; value: string }
  | { type: 'basic'; username: string; password: string }
  /** Standard Webhooks HMAC-SHA256; two secrets while rotating, each `whsec_<base64>`. */
  | { type: 'standard_webhooks'; secrets: string[] };

/** 2xx, and when given, a body that matches this regular expression. */
export interface SuccessRule {
  body_pattern: string | null;
}

/** A destination that wants decisions: where and how to send them, and which ones. */
export interface Endpoint {
  id: string;
  name: string;
  url_template: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body_template: string | null;
  scope: EndpointScope;
  filter: { types: DecisionType[]; min_value: string | null; upgrades: boolean; reversals: boolean };
  auth: EndpointAuth;
  success: SuccessRule;
  /** A macro with no value at send time: rendered empty, or the delivery fails naming it. */
  missing_macro: MissingMacroPolicy;
  active: boolean;
  /** Why the endpoint was taken out of delivery (circuit breaker), when it was. */
  disabled_reason: string | null;
  /** Requests started per second to this endpoint; null: DELIVERY_ENDPOINT_RATE_PER_SECOND (0: no limit). */
  rate_limit_per_second: number | null;
  /** Requests in flight at once to this endpoint; null: DELIVERY_ENDPOINT_CONCURRENCY. */
  max_in_flight: number | null;
  /** Where a delivery goes once the primary failed it `backup_after_failures` times, or while its circuit is open. */
  backup_url_template: string | null;
  backup_after_failures: number | null;
}

/** Does this endpoint want this decision? Pure: scope, then the filter. */
export function endpointWants(endpoint: Endpoint, decision: ConversionDecision): boolean {
  if (!endpoint.active) return false;
  const scoped: Record<EndpointScope['type'], string | null> = {
    global: null,
    campaign: decision.campaign_id,
    publisher: decision.publisher_id,
    buyer: decision.buyer_id,
  };
  if (endpoint.scope.type !== 'global' && scoped[endpoint.scope.type] !== endpoint.scope.id) return false;
  const { filter } = endpoint;
  if (decision.status === 'upgrade' && !filter.upgrades) return false;
  if (decision.status === 'reversal' && !filter.reversals) return false;
  const passes = (type: DecisionType | null, value: string | null): boolean =>
    type !== null &&
    filter.types.includes(type) &&
    (filter.min_value === null || (value !== null && compareDecimals(value, filter.min_value) >= 0));
  // An endpoint that was sent the call's earlier outcome hears of its change too, even when
  // the new outcome alone would not pass (Sale → No Answer reverses a conversion it has).
  return (
    passes(decision.type, decision.value) ||
    (decision.status !== 'new' && passes(decision.previous_type, decision.previous_value))
  );
}

/** The permanent failure of a delivery to an endpoint taken out of delivery: it goes to the DLQ. */
export function disabledFailure(endpoint: Endpoint): {
  kind: 'permanent';
  code: 'endpoint_disabled';
  reason: string;
} {
  const reason = `endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`;
  return { kind: 'permanent', code: 'endpoint_disabled', reason };
}
