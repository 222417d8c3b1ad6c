import { ValidationFailedException } from '@postback/http';
import { PartnerReport, readPartnerRow } from './partner-row';

const columns = { id: 'call', value: 'payout', time: 'when' };

describe('readPartnerRow', () => {
  it('reads the mapped columns', () => {
    expect(
      readPartnerRow({ call: ' CA-1 ', payout: '12.5', when: '2026-12-01T10:00:00Z' }, columns, 2),
    ).toEqual({
      line: 2,
      key: 'CA-1',
      value: 125000n,
      time: new Date('2026-12-01T10:00:00Z'),
    });
    expect(readPartnerRow({ call: 'CA-2', payout: 7 }, { id: 'call', value: 'payout' }, 3)).toMatchObject({
      value: 70000n,
      time: null,
    });
    expect(readPartnerRow({ call: 'CA-3', payout: '1', when: '1796033700' }, columns, 4)).toMatchObject({
      time: new Date('2026-11-30T10:15:00Z'),
    });
  });

  it.each([
    [{ call: '', payout: '1' }, 'call: is empty'],
    [{ call: 'x', payout: '' }, 'payout: is empty'],
    [{ call: 'x', payout: '1,5' }, 'payout: "1,5" is not a decimal number (at most 4 decimals)'],
    [{ call: 'x', payout: '1.23456' }, 'payout: "1.23456" is not a decimal number (at most 4 decimals)'],
    [{ call: 'x', payout: '1', when: 'yesterday' }, 'when: "yesterday" is not a time'],
  ])('names the column and the problem of a malformed row (%j)', (record, problem) => {
    expect(readPartnerRow(record, columns, 9)).toEqual({ line: 9, problem });
  });
});

describe('PartnerReport', () => {
  it('keeps each key’s first row, the lines of its repeats, the malformed rows and the totals', () => {
    const report = new PartnerReport();
    report.add({ line: 2, key: 'a', value: 10000n, time: null });
    report.add({ line: 3, problem: 'payout: is empty' });
    report.add({ line: 4, key: 'a', value: 20000n, time: null });
    report.add({ line: 5, key: 'b', value: 30000n, time: null });
    expect(report.keys.get('a')).toEqual({ line: 2, value: 10000n, lines: [2, 4] });
    expect([report.rowsRead, report.rows, report.value, report.malformed]).toEqual([
      4,
      3,
      60000n,
      [{ line: 3, problem: 'payout: is empty' }],
    ]);
  });
});

describe('PartnerReport limits', () => {
  const fields = (add: () => void) => {
    try {
      add();
    } catch (error) {
      return (error as ValidationFailedException).fields;
    }
    return null;
  };

  it('refuses a report past its rows, naming the body', () => {
    const report = new PartnerReport({ rows: 2, keys: 10 });
    report.add({ line: 2, key: 'a', value: 1n, time: null });
    report.add({ line: 3, problem: 'payout: is empty' });
    expect(fields(() => report.add({ line: 4, key: 'b', value: 1n, time: null }))).toEqual([
      { field: '(body)', problem: 'has more than 2 rows; split the report into shorter ranges' },
    ]);
  });

  it('refuses a report past its distinct keys; a repeat of a key still counts', () => {
    const report = new PartnerReport({ rows: 10, keys: 1 });
    report.add({ line: 2, key: 'a', value: 1n, time: null });
    report.add({ line: 3, key: 'a', value: 1n, time: null });
    expect(fields(() => report.add({ line: 4, key: 'b', value: 1n, time: null }))).toEqual([
      { field: '(body)', problem: 'has more than 1 distinct keys; split the report into shorter ranges' },
    ]);
  });

  it('defaults to 1,000,000 rows and 500,000 keys', () => {
    const report = new PartnerReport();
    report.rowsRead = 1_000_000;
    expect(fields(() => report.add({ line: 9, problem: 'x' }))?.[0].problem).toMatch(
      /^has more than 1,000,000 rows/,
    );
  });
});
