import { keyWaves } from './key-waves';

describe('keyWaves', () => {
  const key = (item: string) => item[0];

  it('puts items of different keys in one wave, in offset order', () => {
    expect(keyWaves(['a1', 'b1', 'c1'], key, 10)).toEqual([[0, 1, 2]]);
  });

  it("keeps one key's items in later waves, in their order", () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'];
    const waves = keyWaves(items, key, 10);
    expect(waves.map((wave) => wave.map((index) => items[index]))).toEqual([
      ['a1', 'b1', 'c1'],
      ['a2', 'b2'],
      ['a3'],
    ]);
  });

  it('cuts slices of at most maxSize items, slice after slice', () => {
    expect(keyWaves(['a1', 'b1', 'c1', 'a2', 'd1'], key, 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(keyWaves(['a1', 'a2', 'b1'], key, 2)).toEqual([[0], [1], [2]]);
  });

  it('treats keyless items as one key', () => {
    expect(keyWaves([null, null, 'x'], (item) => item, 10)).toEqual([[0, 2], [1]]);
  });

  it('answers no waves for no items', () => {
    expect(keyWaves([], key, 10)).toEqual([]);
  });
});
