import { partitionLags } from './consumer-lag';

describe('partitionLags', () => {
  it('is the end offset minus the committed offset, per partition', () => {
    expect(
      partitionLags(
        [
          { partition: 0, low: '0', high: '10' },
          { partition: 1, low: '0', high: '7' },
        ],
        [
          { partition: 0, offset: '4' },
          { partition: 1, offset: '7' },
        ],
      ),
    ).toEqual([
      { partition: 0, lag: 6 },
      { partition: 1, lag: 0 },
    ]);
  });

  it('counts from the log start where the group has committed nothing', () => {
    expect(partitionLags([{ partition: 0, low: '3', high: '10' }], [{ partition: 0, offset: '-1' }])).toEqual(
      [{ partition: 0, lag: 7 }],
    );
    expect(partitionLags([{ partition: 2, low: '0', high: '5' }], [])).toEqual([{ partition: 2, lag: 5 }]);
  });

  it('is never negative when a commit lands between the two reads', () => {
    expect(partitionLags([{ partition: 0, low: '0', high: '10' }], [{ partition: 0, offset: '12' }])).toEqual(
      [{ partition: 0, lag: 0 }],
    );
  });
});
