import { type RuleView } from './rules.repository';

/** A rule's current content with the given fields laid over it: what PATCH saves (and a backtest proposes). */
export function mergeRuleFields(current: RuleView, changes: object): Record<string, unknown> {
  const { name, scope, dispositions, conditions, outcome, priority, active } = current;
  return { name, scope, dispositions, conditions: conditions ?? {}, outcome, priority, active, ...changes };
}
