import { percentOf } from './decimal';
import { type Evaluation, type Rule, SCOPE_SPECIFICITY, type ScopeType } from './rule';

export interface DispositionFacts {
  disposition: string;
  /** The value the dialer sent, if any. */
  value: string | null;
  campaign_id: string | null;
  buyer_id: string | null;
  publisher_id: string | null;
  /** The campaign's configured full value, if the call's campaign is known. */
  campaign_value: string | null;
}

export const normaliseLabel = (label: string): string => label.trim().replace(/\s+/g, ' ').toLowerCase();

function inScope(rule: Rule, facts: DispositionFacts): boolean {
  const ids: Record<ScopeType, string | null> = {
    global: null,
    campaign: facts.campaign_id,
    buyer: facts.buyer_id,
    publisher: facts.publisher_id,
  };
  return rule.scope.type === 'global' || (rule.scope.id !== null && rule.scope.id === ids[rule.scope.type]);
}

/** Picks the rule for a disposition (most specific scope, then priority) and computes its outcome. */
export function evaluateDisposition(facts: DispositionFacts, rules: Rule[]): Evaluation | null {
  const label = normaliseLabel(facts.disposition);
  const candidates = rules
    .filter((rule) => rule.dispositions.some((d) => normaliseLabel(d) === label) && inScope(rule, facts))
    .sort(
      (a, b) =>
        SCOPE_SPECIFICITY[b.scope.type] - SCOPE_SPECIFICITY[a.scope.type] ||
        b.priority - a.priority ||
        a.id.localeCompare(b.id),
    );
  const rule = candidates[0];
  if (!rule) return null;

  const fullValue = facts.value ?? facts.campaign_value ?? '0';
  const reason = `rule "${rule.name}" v${rule.version} (${rule.scope.type} scope, priority ${rule.priority}) matches "${facts.disposition}"`;
  const base = { rule, reason, follow_up: false, event_name: null };
  const outcome = rule.outcome;
  switch (outcome.type) {
    case 'conversion':
      return { ...base, type: 'conversion', value: percentOf(fullValue, '100') };
    case 'partial':
      return {
        ...base,
        type: 'partial',
        value:
          outcome.fixed_value !== undefined
            ? percentOf(outcome.fixed_value, '100')
            : percentOf(fullValue, outcome.percent ?? '50'),
      };
    case 'micro':
      return {
        ...base,
        type: 'micro',
        value: percentOf(outcome.value, '100'),
        event_name: outcome.event_name,
      };
    case 'none':
      return { ...base, type: 'none', value: '0.00', follow_up: outcome.follow_up ?? false };
    case 'service':
      return { ...base, type: 'service', value: '0.00' };
  }
}
