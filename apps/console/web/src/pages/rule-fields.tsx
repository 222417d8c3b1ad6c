import { OUTCOME_TYPES, type RuleDraft, SCOPE_TYPES } from '../rule-draft';
import { Check, Field, SelectField } from '../ui';

/**
 * A rule's settings as fields (conditions and outcome values each in their own input), for the
 * rule editor and the backtest's proposed changes; `problem` gives the API's 400 for a field.
 */
export function RuleFields(props: {
  draft: RuleDraft;
  onChange: (draft: RuleDraft) => void;
  problem: (field: string) => string | undefined;
}) {
  const { draft, problem } = props;
  const set = (change: Partial<RuleDraft>) => props.onChange({ ...draft, ...change });
  const conditions = draft.customFields;
  const setCondition = (index: number, change: Partial<RuleDraft['customFields'][number]>) =>
    set({ customFields: conditions.map((c, i) => (i === index ? { ...c, ...change } : c)) });
  return (
    <>
      <Field
        label="Rule name"
        value={draft.name}
        onChange={(name) => set({ name })}
        error={problem('name')}
      />
      <div className="filters">
        <SelectField
          label="Scope"
          value={draft.scopeType}
          onChange={(scopeType) => set({ scopeType })}
          options={SCOPE_TYPES}
          error={problem('scope.type')}
        />
        {draft.scopeType !== 'global' && (
          <Field
            label={`The ${draft.scopeType}'s id`}
            value={draft.scopeId}
            onChange={(scopeId) => set({ scopeId })}
            error={problem('scope.id')}
          />
        )}
      </div>
      <Field
        label="Dispositions (comma-separated)"
        value={draft.dispositions}
        onChange={(dispositions) => set({ dispositions })}
        error={problem('dispositions')}
      />
      <fieldset>
        <legend>Conditions</legend>
        <Field
          label="Minimum call duration in seconds (empty: any)"
          value={draft.minDuration}
          onChange={(minDuration) => set({ minDuration })}
          error={problem('conditions.min_duration_seconds')}
        />
        {conditions.map((condition, i) => (
          <div className="filters" key={i}>
            <Field
              label={`Custom field ${i + 1}`}
              value={condition.field}
              onChange={(field) => setCondition(i, { field })}
              error={problem(`conditions.custom_fields[${i}].field`)}
            />
            <SelectField
              label={`Custom field ${i + 1} test`}
              value={condition.test}
              onChange={(test) => setCondition(i, { test: test as 'equals' | 'matches' })}
              options={[
                ['equals', 'equals'],
                ['matches', 'matches (RE2 pattern)'],
              ]}
            />
            <Field
              label={`Custom field ${i + 1} value`}
              value={condition.value}
              onChange={(value) => setCondition(i, { value })}
              error={problem(`conditions.custom_fields[${i}]`)}
            />
            <button type="button" onClick={() => set({ customFields: conditions.filter((_, j) => j !== i) })}>
              Remove custom field {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => set({ customFields: [...conditions, { field: '', test: 'equals', value: '' }] })}
        >
          Add a custom-field condition
        </button>
      </fieldset>
      <fieldset>
        <legend>Outcome</legend>
        <SelectField
          label="Decision type"
          value={draft.outcomeType}
          onChange={(outcomeType) => set({ outcomeType })}
          options={OUTCOME_TYPES}
          error={problem('outcome.type')}
        />
        {draft.outcomeType === 'partial' && (
          <div className="filters">
            <Field
              label="Percent of the campaign's value"
              value={draft.percent}
              onChange={(percent) => set({ percent })}
              error={problem('outcome.percent')}
            />
            <Field
              label="Or a fixed value"
              value={draft.fixedValue}
              onChange={(fixedValue) => set({ fixedValue })}
              error={problem('outcome.fixed_value')}
            />
          </div>
        )}
        {draft.outcomeType === 'micro' && (
          <div className="filters">
            <Field
              label="Value"
              value={draft.value}
              onChange={(value) => set({ value })}
              error={problem('outcome.value')}
            />
            <Field
              label="Event name"
              value={draft.eventName}
              onChange={(eventName) => set({ eventName })}
              error={problem('outcome.event_name')}
            />
          </div>
        )}
        {draft.outcomeType === 'none' && (
          <Check label="Follow up" checked={draft.followUp} onChange={(followUp) => set({ followUp })} />
        )}
      </fieldset>
      <div className="filters">
        <Field
          label="Priority (higher first)"
          value={draft.priority}
          onChange={(priority) => set({ priority })}
          error={problem('priority')}
        />
        <Check label="Active" checked={draft.active} onChange={(active) => set({ active })} />
      </div>
    </>
  );
}
