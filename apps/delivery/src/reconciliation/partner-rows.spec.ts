import { Readable } from 'node:stream';
import { ValidationFailedException } from '@postback/http';
import { type RawRow, csvRows } from './partner-rows';

const columns = { id: 'call', value: 'payout' };
const names = { id: 'id_column', value: 'value_column', time: 'time_column' } as const;

async function read(csv: string): Promise<{ rows: RawRow[]; error: unknown }> {
  const rows: RawRow[] = [];
  try {
    for await (const row of csvRows(Readable.from([csv]), columns, names)) rows.push(row);
    return { rows, error: null };
  } catch (error) {
    return { rows, error };
  }
}

describe('csvRows', () => {
  it('lists a row with the wrong number of fields at its line and goes on', async () => {
    const { rows, error } = await read('call,payout\nA,1\nB,2,3\n\nC,4\n');
    expect(error).toBeNull();
    expect(rows.sort((a, b) => a.line - b.line)).toEqual([
      { line: 2, record: { call: 'A', payout: '1' } },
      expect.objectContaining({ line: 3 }),
      { line: 5, record: { call: 'C', payout: '4' } },
    ]);
  });

  it('refuses a quote never closed at the line it opened, not after gathering the rest', async () => {
    const rest = Array.from({ length: 5000 }, (_, i) => `D${i},${'9'.repeat(20)}`).join('\n');
    const { rows, error } = await read(`call,payout\nA,1\n\nB,"2\nC,3\n${rest}\n`);
    expect(rows).toEqual([{ line: 2, record: { call: 'A', payout: '1' } }]);
    expect(error).toBeInstanceOf(ValidationFailedException);
    expect((error as ValidationFailedException).fields).toEqual([
      {
        field: '(body)',
        problem:
          'line 4: the row is longer than 64 KiB (a quote opened there and never closed?); the report was read no further',
      },
    ]);
  });
});
