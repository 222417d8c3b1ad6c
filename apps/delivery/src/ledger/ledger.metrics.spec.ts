import { undecidedDispositions } from './ledger.metrics';

describe('undecidedDispositions', () => {
  const from = new Date('2026-12-06T10:00:00Z');
  const to = new Date('2026-12-06T13:00:00Z');

  it('sums each hour’s gap, a deficit of accepted (counts lost in a crash) counting as 0', () => {
    const accepted = [
      { hour: '2026-12-06T10:00:00.000Z', accepted: 100 },
      { hour: '2026-12-06T11:00:00.000Z', accepted: 40 }, // 10 counts lost
      { hour: '2026-12-06T12:00:00.000Z', accepted: 30 },
    ];
    const decided = [
      { hour: '2026-12-06T10:00:00.000Z', decided: 100, changed: 90 },
      { hour: '2026-12-06T11:00:00.000Z', decided: 50, changed: 50 },
      { hour: '2026-12-06T12:00:00.000Z', decided: 23, changed: 20 },
    ];
    // Summed over the range it would be 170 - 173 = -3; 7 dispositions of 12:00 are undecided.
    expect(undecidedDispositions(from, to, accepted, decided)).toBe(7);
  });

  it('counts an hour rules has not answered for as all undecided', () => {
    expect(undecidedDispositions(from, to, [{ hour: '2026-12-06T12:00:00.000Z', accepted: 5 }], [])).toBe(5);
  });
});
