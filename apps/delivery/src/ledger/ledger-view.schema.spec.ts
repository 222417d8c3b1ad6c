import { viewProblems } from '@postback/testing';
import { ledgerView } from './ledger-view.schema';
import { pipelineLedger } from './pipeline-ledger';

describe('ledgerView', () => {
  const from = new Date('2026-12-01T10:00:00Z');
  const to = new Date('2026-12-01T12:00:00Z');

  it('describes the ledger as sent, a negative gap (counts lost in a crash) included', () => {
    const hours = pipelineLedger(
      from,
      to,
      [{ hour: '2026-12-01T10:00:00.000Z', accepted: 3 }],
      [{ hour: '2026-12-01T10:00:00.000Z', decided: 5, changed: 4 }],
      [{ hour: new Date('2026-12-01T11:00:00Z'), created: 7, delivered: 5, retrying: 1, failed: 1 }],
    );
    expect(hours[0].gaps.undecided).toBe(-2);
    expect(viewProblems(ledgerView, { from, to, hours })).toBeNull();
  });

  it('refuses an hour with a count the document does not name', () => {
    const hours = pipelineLedger(from, to, [], [], []);
    expect(viewProblems(ledgerView, { from, to, hours: [{ ...hours[0], replayed: 1 }] })).toEqual([
      '/hours/0 must NOT have additional properties: replayed',
    ]);
  });
});
