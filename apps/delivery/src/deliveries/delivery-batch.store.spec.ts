import { attemptRow } from './attempt-row';
import { ATTEMPT_COLUMNS } from './delivery-batch.store';

describe('the batch INSERT of attempts', () => {
  it('writes every field of an attempt row (a field left out is silently its default)', () => {
    const row = attemptRow('9d0c2d6a-4f7e-4b36-9a0e-6c2f7f4e1a11', 1, {
      request: { method: 'GET', url: 'https://example.test/p', headers: {}, body: null },
      result: { status: 200, body: '', failure: null, durationMs: 3 },
      errorClass: null,
      source: 'conversions.v1',
      target: 'backup',
    } as never);
    expect(ATTEMPT_COLUMNS.map(([, , field]) => field).sort()).toEqual(Object.keys(row).sort());
  });
});
