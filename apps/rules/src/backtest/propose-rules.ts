import { type FieldError, toFieldErrors } from '@postback/http';
import { mergeRuleFields } from '../rules/merge-rule';
import { type Rule } from '../rules/rule';
import { type RuleInput, ruleInputSchema } from '../rules/rule-input.schema';
import { type RuleView } from '../rules/rules.repository';

/** The rule set a backtest replays with, or every problem of the proposed changes, by field. */
export type Proposal = { rules: Rule[]; names: Map<string, string> } | { errors: FieldError[] };

/**
 * Lays the proposed changes over the latest rules: a change with `rule_id` is that rule's next
 * version (its fields merged as PATCH does; `active: false` withdraws it), one without is a new
 * rule (`proposed-1`, `proposed-2`… in the answer). Each is validated as the rules API would.
 */
export function proposeRules(latest: RuleView[], changes: Record<string, unknown>[]): Proposal {
  const rules = new Map<string, Rule & { active: boolean }>(latest.map((rule) => [rule.id, rule]));
  const errors: FieldError[] = [];
  changes.forEach((change, i) => {
    const { rule_id: ruleId, ...fields } = change;
    const at = (field: string) =>
      field === '(body)' ? `changes[${i}]` : `changes[${i}]${field.startsWith('[') ? '' : '.'}${field}`;
    const current = typeof ruleId === 'string' ? rules.get(ruleId) : undefined;
    if (ruleId !== undefined && !current) {
      errors.push({ field: at('rule_id'), problem: 'is not the id of a rule' });
      return;
    }
    const parsed = ruleInputSchema.safeParse(current ? mergeRuleFields(current as RuleView, fields) : fields);
    if (!parsed.success) {
      errors.push(...toFieldErrors(parsed.error).map((e) => ({ field: at(e.field), problem: e.problem })));
      return;
    }
    const id = current?.id ?? `proposed-${i + 1}`;
    rules.set(id, toRule(id, (current?.version ?? 0) + 1, parsed.data));
  });
  if (errors.length > 0) return { errors };
  const active = [...rules.values()].filter((rule) => rule.active);
  return { rules: active, names: new Map(active.map((rule) => [`${rule.id}@${rule.version}`, rule.name])) };
}

function toRule(id: string, version: number, input: RuleInput): Rule & { active: boolean } {
  const { name, scope, dispositions, conditions, outcome, priority, active } = input;
  return { id, version, name, scope, dispositions, conditions, outcome, priority, active };
}
