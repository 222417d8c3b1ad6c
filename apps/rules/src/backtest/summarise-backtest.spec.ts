import { DEFAULT_RULES, kept } from './backtest.fixtures';
import { replayDispositions } from './replay-dispositions';
import { summariseBacktest } from './summarise-backtest';

const thirty = DEFAULT_RULES.map((r) =>
  r.id === 'lead' ? { ...r, version: 2, outcome: { type: 'partial' as const, percent: '30' } } : r,
);

function run(rows: ReturnType<typeof kept>[], sampleSize = 10) {
  const before = replayDispositions(rows, DEFAULT_RULES);
  const after = replayDispositions(rows, thirty);
  return summariseBacktest(
    rows.map((row, i) => ({
      callId: row.disposition.call_id,
      inRange: row.inRange,
      before: before[i],
      after: after[i],
    })),
    (side, id) => `${side}:${id}`,
    sampleSize,
  );
}

describe('summariseBacktest', () => {
  // Campaign value 100. a: lead then sale (an upgrade); b: lead; c: sale; d: no answer.
  // Before: a 50 → 100 (+50), b 50, c 100, d 0. After (lead 30%): a 30 → 100 (+70), b 30.
  const rows = [
    kept('a', 'Qualified Lead'),
    kept('b', 'Qualified Lead'),
    kept('a', 'Sale'),
    kept('c', 'Sale'),
    kept('d', 'No Answer'),
  ];

  it('counts calls, values and postbacks per campaign and type, before and after, by hand', () => {
    const summary = run(rows);
    expect(summary.lines).toEqual([
      {
        campaign_id: 'spring',
        type: 'conversion',
        before: { calls: 2, value: '200.00', postbacks: 2 },
        after: { calls: 2, value: '200.00', postbacks: 2 },
        changed: 1, // a's upgrade: delta 50 → 70
        withheld: 0,
        added: 0,
      },
      {
        campaign_id: 'spring',
        type: 'partial',
        before: { calls: 1, value: '50.00', postbacks: 2 },
        after: { calls: 1, value: '30.00', postbacks: 2 },
        changed: 2,
        withheld: 0,
        added: 0,
      },
      {
        campaign_id: 'spring',
        type: 'none',
        before: { calls: 1, value: '0.00', postbacks: 1 },
        after: { calls: 1, value: '0.00', postbacks: 1 },
        changed: 0,
        withheld: 0,
        added: 0,
      },
    ]);
    expect(summary.totals).toEqual({
      before: { calls: 4, value: '250.00', postbacks: 5 },
      after: { calls: 4, value: '230.00', postbacks: 5 },
      changed: 3,
      withheld: 0,
      added: 0,
    });
    expect([summary.dispositions, summary.calls]).toEqual([5, 4]);
  });

  it('samples the calls whose postbacks or outcome change, with the rule that decided each', () => {
    const summary = run(rows);
    expect(summary.sample.map((c) => c.call_id)).toEqual(['a', 'b']);
    expect(summary.sample[1]).toEqual({
      call_id: 'b',
      campaign_id: 'spring',
      before: {
        outcome: {
          status: 'new',
          type: 'partial',
          value: '50.00',
          delta: '50.00',
          rule: { id: 'lead', version: 1, name: 'before:lead' },
        },
        postbacks: [
          {
            status: 'new',
            type: 'partial',
            value: '50.00',
            delta: '50.00',
            rule: { id: 'lead', version: 1, name: 'before:lead' },
          },
        ],
      },
      after: {
        outcome: {
          status: 'new',
          type: 'partial',
          value: '30.00',
          delta: '30.00',
          rule: { id: 'lead', version: 2, name: 'after:lead' },
        },
        postbacks: [
          {
            status: 'new',
            type: 'partial',
            value: '30.00',
            delta: '30.00',
            rule: { id: 'lead', version: 2, name: 'after:lead' },
          },
        ],
      },
    });
    expect(run(rows, 1).sample).toHaveLength(1);
  });

  it('counts withheld and added postbacks, and starts a call from the state before the range', () => {
    const noLeads = DEFAULT_RULES.filter((r) => r.id !== 'lead');
    const history = [
      kept('e', 'Sale', { inRange: false }),
      kept('e', 'Qualified Lead'),
      kept('f', 'Qualified Lead'),
    ];
    const before = replayDispositions(history, DEFAULT_RULES);
    const after = replayDispositions(history, noLeads);
    const summary = summariseBacktest(
      history.map((row, i) => ({
        callId: row.disposition.call_id,
        inRange: row.inRange,
        before: before[i],
        after: after[i],
      })),
      () => '',
      10,
    );
    // e: the Sale before the range stays; its lead reversal (100 → 50) is withheld. f's lead too.
    expect(summary.totals).toMatchObject({ withheld: 2, added: 0, changed: 0 });
    expect(summary.totals.before).toEqual({ calls: 2, value: '100.00', postbacks: 2 });
    expect(summary.totals.after).toEqual({ calls: 1, value: '100.00', postbacks: 0 });
    expect(summary.dispositions).toBe(2);
  });
});
