import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('drops the oldest entry when full, and entries past their time', () => {
    const cache = new BoundedCache<number>(2, 1000);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 2, 3]);
    expect(cache.get('b', 1000)).toBeUndefined();
    expect([cache.has('a'), cache.has('b')]).toEqual([false, true]);
  });

  it('keeps nothing without a time to live', () => {
    const cache = new BoundedCache<number>(2, 0);
    cache.set('a', 1, 0);
    expect(cache.get('a', 0)).toBeUndefined();
  });
});
