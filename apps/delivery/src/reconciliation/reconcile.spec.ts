import { PartnerReport } from './partner-row';
import { type OurDelivery, reconcile } from './reconcile';

const ours = (key: string, overrides: Partial<OurDelivery> = {}): OurDelivery => ({
  delivery_id: `d-${key}-${overrides.decided_at ?? '1'}`,
  call_id: key,
  key,
  status: 'delivered',
  change: 'new',
  value: '100.00',
  decided_at: '2026-12-01T10:00:00.000Z',
  attempts: 1,
  last_error: null,
  next_attempt_at: null,
  ...overrides,
});

function partner(...rows: [string, string][]): PartnerReport {
  const report = new PartnerReport();
  rows.forEach(([key, value], i) =>
    report.add({ line: i + 2, key, value: BigInt(Math.round(Number(value) * 10000)), time: null }),
  );
  return report;
}

describe('reconcile', () => {
  it('matches keys, lists value differences beyond the tolerance, what either side lacks, duplicates and totals', () => {
    const result = reconcile(
      [
        ours('same'),
        ours('off-a-cent', { value: '50.00' }),
        ours('off', { value: '50.00' }),
        ours('upgraded', { value: '50.00' }),
        ours('upgraded', { change: 'upgrade', value: '100.00', decided_at: '2026-12-01T11:00:00.000Z' }),
        ours('lacking', { value: '20.00' }),
        ours('twice'),
        ours('twice', { decided_at: '2026-12-01T10:05:00.000Z' }),
        ours('retrying', { status: 'retrying' }),
      ],
      partner(
        ['same', '100'],
        ['off-a-cent', '50.01'],
        ['off', '45'],
        ['upgraded', '100'],
        ['twice', '100'],
        ['retrying', '100'],
        ['never', '30'],
        ['never', '30'],
      ),
      '0.01',
    );
    expect(result.matched).toBe(5);
    expect(result.value_differences).toEqual([
      { key: 'off', line: 4, delivery_id: 'd-off-1', ours: '50.00', theirs: '45.00', difference: '-5.00' },
    ]);
    expect(result.we_delivered_they_lack).toEqual([
      { key: 'lacking', delivery_id: 'd-lacking-1', call_id: 'lacking', value: '20.00' },
    ]);
    expect(
      result.they_have_we_never_sent.map((m) => [m.key, m.line, m.value, m.ours.map((d) => d.status)]),
    ).toEqual([
      ['retrying', 7, '100.00', ['retrying']],
      ['never', 8, '30.00', []],
    ]);
    expect(result.duplicates).toEqual({
      ours: [{ key: 'twice', delivery_ids: ['d-twice-1', 'd-twice-2026-12-01T10:05:00.000Z'] }],
      theirs: [{ key: 'never', lines: [8, 9] }],
    });
    // Ours: 100 + 50 + 50 + 100 (the upgrade's value) + 20 + 100; theirs: every row.
    expect(result.totals).toEqual({
      ours: { count: 6, value: '420.00' },
      theirs: { count: 7, rows: 8, value: '555.01' },
      net_difference: '135.01',
    });
  });

  it('keys by click id when asked, leaving out deliveries without one', () => {
    const result = reconcile(
      [ours('c1', { key: 'clk-1' }), ours('c2', { key: null })],
      partner(['clk-1', '100']),
      '0',
    );
    expect([result.matched, result.totals.ours.count, result.we_delivered_they_lack]).toEqual([1, 1, []]);
  });
});
