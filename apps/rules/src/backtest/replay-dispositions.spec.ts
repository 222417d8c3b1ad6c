import { DEFAULT_RULES, kept } from './backtest.fixtures';
import { replayDispositions } from './replay-dispositions';

describe('replayDispositions', () => {
  it('decides each call in order, upgrades and reversals included, as live decisions do', () => {
    const rows = [
      kept('a', 'Qualified Lead'),
      kept('b', 'Sale'),
      kept('a', 'Sale'),
      kept('b', 'Existing Customer'),
      kept('c', 'Unknown label'),
    ];
    const decisions = replayDispositions(rows, DEFAULT_RULES);
    expect(decisions.map((d) => d && [d.call_id, d.type, d.status, d.value, d.delta, d.rule_id])).toEqual([
      ['a', 'partial', 'new', '50.00', '50.00', 'lead'],
      ['b', 'conversion', 'new', '100.00', '100.00', 'sale'],
      ['a', 'conversion', 'upgrade', '100.00', '50.00', 'sale'],
      ['b', 'service', 'reversal', '0.00', '-100.00', 'existing'],
      null,
    ]);
  });

  it('decides a repeated disposition (same event id) once, and the same outcome twice not at all', () => {
    const first = kept('a', 'Sale', { value: '80' });
    const rows = [first, kept('a', 'Sale', { value: '80' }), { ...first, inRange: true }];
    expect(replayDispositions(rows, DEFAULT_RULES).map((d) => d?.status ?? null)).toEqual([
      'new',
      null,
      null,
    ]);
  });

  it('uses the rules it is given: a lead at 30% instead of 50%', () => {
    const thirty = DEFAULT_RULES.map((r) =>
      r.id === 'lead' ? { ...r, version: 2, outcome: { type: 'partial' as const, percent: '30' } } : r,
    );
    const [decision] = replayDispositions([kept('a', 'Qualified Lead')], thirty);
    expect([decision?.value, decision?.rule_version]).toEqual(['30.00', 2]);
  });
});
