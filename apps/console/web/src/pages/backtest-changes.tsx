import {
  EMPTY_RULE,
  type RuleDraft,
  type RuleFieldsJson,
  emptyRuleDraft,
  ruleBodyOf,
  ruleDraftOf,
} from '../rule-draft';
import { SelectField } from '../ui';
import { RuleFields } from './rule-fields';
import { type Rule } from './rules';

/** One proposed change as the form holds it: a rule's next version, or a new rule (no id). */
export interface Change {
  ruleId: string;
  draft: RuleDraft;
}

export const newChange = (): Change => ({ ruleId: '', draft: emptyRuleDraft() });

export const changeBody = ({ ruleId, draft }: Change) =>
  ruleId ? { rule_id: ruleId, ...ruleBodyOf(draft) } : ruleBodyOf(draft);

/** A change read back from raw JSON: what it names laid over its rule (or over an empty one). */
export function changeOf(json: Record<string, unknown>, rules: (Rule & RuleFieldsJson)[]): Change {
  const { rule_id: ruleId, ...fields } = json;
  const rule = rules.find((r) => r.id === ruleId);
  return {
    ruleId: typeof ruleId === 'string' ? ruleId : '',
    draft: ruleDraftOf({ ...(rule ?? EMPTY_RULE), ...(fields as Partial<RuleFieldsJson>) }),
  };
}

/**
 * One proposed change: which rule it changes (or a new one), then that rule's fields, filled
 * with its current version so that only what differs need be typed.
 */
export function ChangeFields(props: {
  index: number;
  change: Change;
  rules: (Rule & RuleFieldsJson)[];
  onChange: (change: Change) => void;
  onRemove?: () => void;
  problem: (field: string) => string | undefined;
}) {
  const { change, rules, index } = props;
  const pick = (ruleId: string) => props.onChange(changeOf({ rule_id: ruleId }, rules));
  return (
    <fieldset aria-label={`Change ${index + 1}`}>
      <legend>Change {index + 1}</legend>
      <SelectField
        label="Rule to change"
        value={change.ruleId}
        onChange={pick}
        options={[['', 'a new rule'], ...rules.map((r) => [r.id, `${r.name} (v${r.version})`] as const)]}
        error={props.problem('rule_id')}
      />
      <RuleFields
        draft={change.draft}
        onChange={(draft) => props.onChange({ ...change, draft })}
        problem={props.problem}
      />
      {props.onRemove && (
        <button type="button" onClick={props.onRemove}>
          Remove change {index + 1}
        </button>
      )}
    </fieldset>
  );
}
