import { normaliseLabel } from '@postback/labels';
import { matchesPattern } from '@postback/text';
import { type DispositionFacts } from './disposition-facts';
import { type Rule, type ScopeType } from './rule';

/** Whether one rule applies to the facts, and in words why or why not. */
export interface RuleVerdict {
  rule: Rule;
  applies: boolean;
  why: string;
}

function scopeProblem(rule: Rule, facts: DispositionFacts): string | null {
  if (rule.scope.type === 'global') return null;
  const ids: Record<Exclude<ScopeType, 'global'>, string | null> = {
    campaign: facts.campaign_id,
    buyer: facts.buyer_id,
    publisher: facts.publisher_id,
  };
  const actual = ids[rule.scope.type];
  if (actual === rule.scope.id) return null;
  return `${rule.scope.type} is ${actual === null ? 'unknown' : `"${actual}"`}, the rule is for "${rule.scope.id}"`;
}

/** Conditions are checked in order; the first that fails is the answer. */
function conditionProblem(rule: Rule, facts: DispositionFacts): string | null {
  const minDuration = rule.conditions?.min_duration_seconds;
  if (minDuration !== undefined) {
    if (facts.duration_seconds === null) return `needs a call of at least ${minDuration}s, duration unknown`;
    if (facts.duration_seconds < minDuration)
      return `needs a call of at least ${minDuration}s, it lasted ${facts.duration_seconds}s`;
  }
  for (const condition of rule.conditions?.custom_fields ?? []) {
    const actual = facts.custom_fields[condition.field];
    if ('equals' in condition) {
      if (actual !== condition.equals)
        return `needs custom field ${condition.field} = "${condition.equals}", got ${describe(actual)}`;
    } else if (actual === undefined || !matchesPattern(condition.matches, actual)) {
      return `needs custom field ${condition.field} matching /${condition.matches}/, got ${describe(actual)}`;
    }
  }
  return null;
}

const describe = (value: string | undefined): string => (value === undefined ? 'none' : `"${value}"`);

function conditionsMet(rule: Rule): string {
  const parts: string[] = [];
  const minDuration = rule.conditions?.min_duration_seconds;
  if (minDuration !== undefined) parts.push(`duration >= ${minDuration}s`);
  for (const condition of rule.conditions?.custom_fields ?? []) {
    parts.push(
      'equals' in condition
        ? `${condition.field} = "${condition.equals}"`
        : `${condition.field} matches /${condition.matches}/`,
    );
  }
  return parts.length > 0 ? ` with ${parts.join(', ')}` : '';
}

/** Label, then scope, then conditions: the first reason a rule does not apply, or why it does. */
export function ruleVerdict(rule: Rule, facts: DispositionFacts): RuleVerdict {
  const label = normaliseLabel(facts.disposition);
  if (!rule.dispositions.some((d) => normaliseLabel(d) === label)) {
    return { rule, applies: false, why: `disposition "${facts.disposition}" is not one of its dispositions` };
  }
  const problem = scopeProblem(rule, facts) ?? conditionProblem(rule, facts);
  if (problem) return { rule, applies: false, why: problem };
  const scope = rule.scope.type === 'global' ? 'global scope' : `${rule.scope.type} "${rule.scope.id}"`;
  return {
    rule,
    applies: true,
    why: `rule "${rule.name}" v${rule.version} (${scope}, priority ${rule.priority}) matches "${facts.disposition}"${conditionsMet(rule)}`,
  };
}
