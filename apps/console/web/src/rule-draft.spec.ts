import { emptyRuleDraft, ruleBodyOf, ruleDraftOf, ruleProblem } from './rule-draft';

describe('a rule as the form holds it', () => {
  const rule = {
    name: 'Lead',
    scope: { type: 'campaign', id: 'c1' },
    dispositions: ['Qualified Lead', 'Lead'],
    conditions: {
      min_duration_seconds: 30,
      custom_fields: [
        { field: 'tier', equals: 'gold' },
        { field: 'zip', matches: '^9' },
      ],
    },
    outcome: { type: 'partial', percent: '40' },
    priority: 5,
    active: true,
  };

  it('fills the fields from a rule and gives back the same rule', () => {
    const draft = ruleDraftOf(rule);
    expect(draft).toMatchObject({ dispositions: 'Qualified Lead, Lead', minDuration: '30', percent: '40' });
    expect(ruleBodyOf(draft)).toEqual(rule);
  });

  it("sends only the chosen outcome's parts, and a global scope without an id", () => {
    const draft = {
      ...ruleDraftOf(rule),
      outcomeType: 'micro',
      value: '5',
      eventName: 'lead',
      scopeType: 'global',
    };
    expect(ruleBodyOf(draft)).toMatchObject({
      scope: { type: 'global', id: null },
      outcome: { type: 'micro', value: '5', event_name: 'lead' },
    });
    expect(ruleBodyOf({ ...draft, outcomeType: 'none', followUp: true }).outcome).toEqual({
      type: 'none',
      follow_up: true,
    });
  });

  it('sends a number as typed when it is not a whole number, for the API to name the field', () => {
    const body = ruleBodyOf({ ...emptyRuleDraft(), priority: 'high', minDuration: '1.5' });
    expect(body).toMatchObject({ priority: 'high', conditions: { min_duration_seconds: '1.5' } });
    expect(ruleBodyOf(emptyRuleDraft())).toMatchObject({ conditions: {}, priority: 0, dispositions: [] });
  });

  it("finds a field's problem under a prefix, whole names only", () => {
    const fields = [
      { field: 'changes[1].outcome.percent', problem: 'too high' },
      { field: 'changes[0].conditions.custom_fields[0].field', problem: 'is required' },
    ];
    expect(ruleProblem(fields, 'changes[1].', 'outcome.percent')).toBe('too high');
    expect(ruleProblem(fields, 'changes[0].', 'outcome.percent')).toBeUndefined();
    expect(ruleProblem(fields, 'changes[0].', 'conditions.custom_fields[0]')).toBe('is required');
    expect(ruleProblem(fields, 'changes[0].', 'conditions.custom')).toBeUndefined();
  });
});
