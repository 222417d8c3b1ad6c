import { percentOf } from '@postback/money';
import { type DispositionFacts } from './disposition-facts';
import { type Evaluation, type Rule, SCOPE_SPECIFICITY } from './rule';
import { type RuleVerdict, ruleVerdict } from './rule-verdict';

export { type DispositionFacts } from './disposition-facts';

/** Rules in the order they are tried: most specific scope, then higher priority, then id. */
export function byPrecedence(a: Rule, b: Rule): number {
  return (
    SCOPE_SPECIFICITY[b.scope.type] - SCOPE_SPECIFICITY[a.scope.type] ||
    b.priority - a.priority ||
    a.id.localeCompare(b.id)
  );
}

/** Every rule's verdict in precedence order; the first that applies is the one that decides. */
export function explainRules(facts: DispositionFacts, rules: Rule[]): RuleVerdict[] {
  return [...rules].sort(byPrecedence).map((rule) => ruleVerdict(rule, facts));
}

/** Picks the rule for a disposition (most specific scope, then priority) and computes its outcome. */
export function evaluateDisposition(facts: DispositionFacts, rules: Rule[]): Evaluation | null {
  const verdict = explainRules(facts, rules).find((v) => v.applies);
  if (!verdict) return null;
  const { rule, why: reason } = verdict;

  const fullValue = facts.value ?? facts.campaign_value ?? '0';
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
