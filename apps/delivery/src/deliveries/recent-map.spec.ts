import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('forgets the entry set longest ago once past its limit', () => {
    const map = new RecentMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3); // set again: now the newest
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([3, undefined, 4]);
  });
});
