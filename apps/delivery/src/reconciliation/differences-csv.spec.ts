import { differencesCsv } from './differences-csv';

describe('differencesCsv', () => {
  it('writes one line per difference, quoted where needed and never as a spreadsheet formula', () => {
    const csv = differencesCsv({
      value_differences: [
        { key: 'a,1', line: 3, delivery_id: 'd1', ours: '50.00', theirs: '45.00', difference: '-5.00' },
      ],
      we_delivered_they_lack: [{ key: '=cmd()', delivery_id: 'd2', value: '20.00' }],
      they_have_we_never_sent: [
        { key: 'c', line: 5, value: '30.00', explanation: { reason: 'decided_none' } },
      ],
      duplicates: { ours: [], theirs: [{ key: 'c', lines: [5, 6] }] },
      malformed: [{ line: 7, problem: 'payout: "x" is not a decimal number' }],
    });
    expect(csv.split('\r\n')).toEqual([
      'kind,key,line,delivery_id,our_value,their_value,difference,detail',
      'value_difference,"a,1",3,d1,50.00,45.00,-5.00,',
      "we_delivered_they_lack,'=cmd(),,d2,20.00,,,",
      'they_have_we_never_sent,c,5,,,30.00,,decided_none',
      'duplicate_theirs,c,5 6,,,,,',
      'malformed,,7,,,,,"payout: ""x"" is not a decimal number"',
      '',
    ]);
  });
});
