import { type PeerDecision } from '../peers/peer-apis';
import { type OurDelivery } from './reconcile';

/** Why a row the partner has was never delivered to them, from what each service recorded. */
export type Explanation =
  | {
      reason: 'still_retrying';
      delivery_id: string;
      status: string;
      attempts: number;
      last_error: string | null;
      next_attempt_at: string | null;
    }
  | { reason: 'dead_lettered'; delivery_id: string; attempts: number; error: string | null }
  | {
      reason: 'decided_none';
      disposition: string;
      follow_up: boolean;
      rule: DecidingRule;
      decided_at: string;
    }
  | {
      reason: 'decided_without_delivery';
      type: string;
      value: string;
      disposition: string;
      rule: DecidingRule;
      detail: string;
    }
  | { reason: 'no_decision' | 'not_looked_up' | 'unknown'; detail: string };

export interface DecidingRule {
  id: string;
  version: number;
  name: string | null;
}

/** Our own records first: a delivery still on its way, else one dead-lettered (with its reason). */
export function explainFromDeliveries(ours: OurDelivery[]): Explanation | null {
  const waiting = ours.find((d) => d.status === 'pending' || d.status === 'retrying');
  if (waiting)
    return {
      reason: 'still_retrying',
      delivery_id: waiting.delivery_id,
      status: waiting.status,
      attempts: waiting.attempts,
      last_error: waiting.last_error,
      next_attempt_at: waiting.next_attempt_at,
    };
  const failed = ours.find((d) => d.status === 'failed');
  if (failed)
    return {
      reason: 'dead_lettered',
      delivery_id: failed.delivery_id,
      attempts: failed.attempts,
      error: failed.last_error,
    };
  return null;
}

/** Then rules' record of the call: its last decision, and the rule that made it. */
export function explainFromDecisions(decisions: PeerDecision[], ruleName: string | null): Explanation {
  const last = decisions.at(-1);
  if (!last)
    return {
      reason: 'no_decision',
      detail: 'rules has no decision for this call: no disposition of it was decided',
    };
  const rule = { id: last.rule_id, version: last.rule_version, name: ruleName };
  if (last.type === 'none')
    return {
      reason: 'decided_none',
      disposition: last.disposition,
      follow_up: last.follow_up,
      rule,
      decided_at: last.decided_at,
    };
  return {
    reason: 'decided_without_delivery',
    type: last.type,
    value: last.value,
    disposition: last.disposition,
    rule,
    detail:
      'rules decided it, but no delivery to this endpoint was created in the range: the endpoint does not want it (scope or filter), the decision is outside the range, or delivery has not consumed it yet',
  };
}
