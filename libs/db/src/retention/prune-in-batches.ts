export interface BatchLimits {
  /** Rows one statement may delete: each is its own short transaction. */
  batchSize: number;
  /** Statements per run at most, so that one run never holds on for long; the next run goes on. */
  maxBatches: number;
}

export interface PruneResult {
  deleted: number;
  batches: number;
  /** false when the run stopped (maxBatches or asked to) with rows possibly left for the next run. */
  complete: boolean;
}

/**
 * Calls `deleteBatch(limit)` until a batch deletes fewer rows than asked (nothing older is
 * left), `maxBatches` statements ran, or `signal` is aborted (checked between batches, so
 * shutdown waits for one batch, not a whole run). `deleteBatch` answers how many rows it deleted.
 */
export async function pruneInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  limits: BatchLimits,
  signal?: AbortSignal,
): Promise<PruneResult> {
  let deleted = 0;
  let batches = 0;
  while (batches < limits.maxBatches && !signal?.aborted) {
    const count = await deleteBatch(limits.batchSize);
    batches++;
    deleted += count;
    if (count < limits.batchSize) return { deleted, batches, complete: true };
  }
  return { deleted, batches, complete: false };
}
