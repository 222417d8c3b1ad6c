import { DEFAULT_RULES } from './backtest.fixtures';
import { proposeRules } from './propose-rules';

describe('proposeRules', () => {
  it('makes the next version of an existing rule from the fields given, as PATCH does', () => {
    const proposal = proposeRules(DEFAULT_RULES, [
      { rule_id: 'lead', outcome: { type: 'partial', percent: '30' } },
    ]);
    if ('errors' in proposal) throw new Error(JSON.stringify(proposal.errors));
    const lead = proposal.rules.find((r) => r.id === 'lead');
    expect(lead).toMatchObject({
      version: 2,
      name: 'Qualified Lead',
      dispositions: ['Qualified Lead'],
      outcome: { type: 'partial', percent: '30' },
    });
    expect(proposal.rules).toHaveLength(DEFAULT_RULES.length);
    expect(proposal.names.get('lead@2')).toBe('Qualified Lead');
  });

  it('adds new rules and withdraws deactivated ones', () => {
    const proposal = proposeRules(DEFAULT_RULES, [
      {
        name: 'Callback',
        dispositions: ['Callback'],
        outcome: { type: 'micro', value: '5', event_name: 'callback' },
      },
      { rule_id: 'existing', active: false },
    ]);
    if ('errors' in proposal) throw new Error(JSON.stringify(proposal.errors));
    expect(proposal.rules.map((r) => r.id).sort()).toEqual([
      'appointment',
      'lead',
      'no-answer',
      'proposed-1',
      'sale',
    ]);
  });

  it('names every bad field of every change', () => {
    const proposal = proposeRules(DEFAULT_RULES, [
      { rule_id: 'lead', outcome: { type: 'partial', percent: 'half' } },
      { rule_id: 'nope' },
      { dispositions: [] },
    ]);
    if (!('errors' in proposal)) throw new Error('no errors');
    expect([...new Set(proposal.errors.map((e) => e.field))]).toEqual([
      'changes[0].outcome.percent',
      'changes[1].rule_id',
      'changes[2].name',
      'changes[2].dispositions',
      'changes[2].outcome',
    ]);
    expect(proposal.errors).toContainEqual({
      field: 'changes[1].rule_id',
      problem: 'is not the id of a rule',
    });
  });
});
