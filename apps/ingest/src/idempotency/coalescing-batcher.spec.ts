import { CoalescingBatcher } from './coalescing-batcher';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('CoalescingBatcher', () => {
  it('runs at once while a slot is free, and gathers what arrives while all are busy', async () => {
    const runs: number[][] = [];
    const gates: ReturnType<typeof deferred>[] = [];
    const batcher = new CoalescingBatcher<number, number>(async (items) => {
      runs.push(items);
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      return items.map((item) => item * 10);
    }, 1);
    const results = [1, 2, 3, 4].map((item) => batcher.submit(item));
    expect(runs).toEqual([[1]]);
    gates[0].resolve();
    await results[0];
    await new Promise(setImmediate);
    expect(runs).toEqual([[1], [2, 3, 4]]);
    gates[1].resolve();
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40]);
  });

  it('uses every slot before queueing, and bounds a batch', async () => {
    const runs: number[][] = [];
    const batcher = new CoalescingBatcher<number, number>(
      async (items) => {
        runs.push(items);
        await new Promise(setImmediate);
        return items;
      },
      2,
      2,
    );
    await Promise.all([1, 2, 3, 4, 5, 6].map((item) => batcher.submit(item)));
    expect(runs).toEqual([[1], [2], [3, 4], [5, 6]]);
  });

  it('rejects every item of a failed run, and keeps going', async () => {
    let fail = true;
    const batcher = new CoalescingBatcher<number, number>(async (items) => {
      if (fail) throw new Error('database down');
      return items;
    });
    await expect(batcher.submit(1)).rejects.toThrow('database down');
    fail = false;
    await expect(batcher.submit(2)).resolves.toBe(2);
  });
});
