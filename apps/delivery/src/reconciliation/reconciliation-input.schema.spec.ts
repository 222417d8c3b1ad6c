import { csvReconciliationSchema } from './reconciliation-input.schema';

describe('csvReconciliationSchema', () => {
  const params = (to: string) => ({
    endpoint_id: '7d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    from: '2026-11-01T00:00:00Z',
    to,
  });

  it('takes a range of 31 days', () => {
    expect(csvReconciliationSchema.safeParse(params('2026-12-02T00:00:00Z')).success).toBe(true);
  });

  it('refuses a longer range, naming to', () => {
    const result = csvReconciliationSchema.safeParse(params('2026-12-02T00:00:01Z'));
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['to', 'the range may span at most 31 days'],
    ]);
  });
});
