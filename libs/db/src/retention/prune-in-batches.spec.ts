import { pruneInBatches } from './prune-in-batches';

/** A table of `rows` old rows; each call deletes at most `limit` of them and records the limit. */
function table(rows: number) {
  const limits: number[] = [];
  let left = rows;
  return {
    limits,
    left: () => left,
    deleteBatch: async (limit: number) => {
      limits.push(limit);
      const count = Math.min(limit, left);
      left -= count;
      return count;
    },
  };
}

describe('pruneInBatches', () => {
  it('deletes in batches of the given size until a short batch', async () => {
    const rows = table(2500);
    expect(await pruneInBatches(rows.deleteBatch, { batchSize: 1000, maxBatches: 10 })).toEqual({
      deleted: 2500,
      batches: 3,
      complete: true,
    });
    expect(rows.limits).toEqual([1000, 1000, 1000]);
  });

  it('asks once more after an exact multiple, to learn that nothing is left', async () => {
    const rows = table(2000);
    expect(await pruneInBatches(rows.deleteBatch, { batchSize: 1000, maxBatches: 10 })).toEqual({
      deleted: 2000,
      batches: 3,
      complete: true,
    });
  });

  it('stops after maxBatches, leaving the rest for the next run', async () => {
    const rows = table(10_000);
    expect(await pruneInBatches(rows.deleteBatch, { batchSize: 100, maxBatches: 5 })).toEqual({
      deleted: 500,
      batches: 5,
      complete: false,
    });
    expect(rows.left()).toBe(9500);
  });

  it('runs one statement when nothing is old enough', async () => {
    const rows = table(0);
    expect(await pruneInBatches(rows.deleteBatch, { batchSize: 100, maxBatches: 5 })).toEqual({
      deleted: 0,
      batches: 1,
      complete: true,
    });
  });

  it('passes a failing statement on, with nothing after it tried', async () => {
    const calls: number[] = [];
    await expect(
      pruneInBatches(
        async (limit) => {
          calls.push(limit);
          throw new Error('lock timeout');
        },
        { batchSize: 10, maxBatches: 5 },
      ),
    ).rejects.toThrow('lock timeout');
    expect(calls).toEqual([10]);
  });

  it('stops between batches once aborted, after the batch in flight', async () => {
    const rows = table(10_000);
    const stop = new AbortController();
    const result = await pruneInBatches(
      async (limit) => {
        const count = await rows.deleteBatch(limit);
        if (rows.limits.length === 2) stop.abort();
        return count;
      },
      { batchSize: 100, maxBatches: 100 },
      stop.signal,
    );
    expect(result).toEqual({ deleted: 200, batches: 2, complete: false });
    expect(rows.left()).toBe(9800);
  });

  it('runs no statement when already aborted', async () => {
    const rows = table(10);
    expect(
      await pruneInBatches(rows.deleteBatch, { batchSize: 100, maxBatches: 5 }, AbortSignal.abort()),
    ).toEqual({ deleted: 0, batches: 0, complete: false });
    expect(rows.limits).toEqual([]);
  });
});
