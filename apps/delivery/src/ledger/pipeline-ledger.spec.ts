import { pipelineLedger } from './pipeline-ledger';

describe('pipelineLedger', () => {
  it('puts each service’s counts side by side for every hour, with the gaps between stages', () => {
    const hours = pipelineLedger(
      new Date('2026-12-01T10:00:00Z'),
      new Date('2026-12-01T13:00:00Z'),
      [
        { hour: '2026-12-01T10:00:00.000Z', accepted: 10 },
        { hour: '2026-12-01T12:00:00.000Z', accepted: '4' },
      ],
      [{ hour: '2026-12-01T10:00:00.000Z', decided: 9, changed: 7 }],
      [{ hour: new Date('2026-12-01T10:00:00Z'), created: 7, delivered: 5, retrying: 1, failed: 1 }],
    );
    expect(hours).toEqual([
      {
        hour: '2026-12-01T10:00:00.000Z',
        accepted: 10,
        decided: 9,
        decisions: 7,
        deliveries: { created: 7, delivered: 5, retrying: 1, failed: 1 },
        gaps: { undecided: 1, unfinished: 1 },
      },
      {
        hour: '2026-12-01T11:00:00.000Z',
        accepted: 0,
        decided: 0,
        decisions: 0,
        deliveries: { created: 0, delivered: 0, retrying: 0, failed: 0 },
        gaps: { undecided: 0, unfinished: 0 },
      },
      expect.objectContaining({
        hour: '2026-12-01T12:00:00.000Z',
        accepted: 4,
        gaps: { undecided: 4, unfinished: 0 },
      }),
    ]);
  });

  it('starts at the hour that holds `from`', () => {
    const hours = pipelineLedger(
      new Date('2026-12-01T10:30:00Z'),
      new Date('2026-12-01T11:00:00Z'),
      [],
      [],
      [],
    );
    expect(hours.map((h) => h.hour)).toEqual(['2026-12-01T10:00:00.000Z']);
  });
});
