export interface BatchLimits {
  /** Rows one statement may delete: each is its own short transaction. */
  batchSize: number;
  /** Statements per run at most, so that one run never holds on for long; the next run goes on. */
  maxBatches: number;
}

export interface PruneResult {
  deleted: number;
  batches: number;
  /** false when the run stopped at maxBatches with rows possibly left for the next run. */
  complete: boolean;
}

/**
 * Calls `deleteBatch(limit)` until a batch deletes fewer rows than asked (nothing older is
 * left) or `maxBatches` statements ran. `deleteBatch` answers how many rows it deleted.
 */
export async function pruneInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  limits: BatchLimits,
): Promise<PruneResult> {
  let deleted = 0;
  for (let batches = 1; batches <= limits.maxBatches; batches++) {
    const count = await deleteBatch(limits.batchSize);
    deleted += count;
    if (count < limits.batchSize) return { deleted, batches, complete: true };
  }
  return { deleted, batches: limits.maxBatches, complete: false };
}
