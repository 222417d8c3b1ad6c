import { type DataSource } from 'typeorm';
import { type BatchLimits, type PruneResult, pruneInBatches } from './prune-in-batches';

/**
 * One kind of row that ages out. `sql` deletes at most $2 rows older than $1 (a timestamptz)
 * in one statement — e.g. `DELETE … WHERE id = ANY(ARRAY(SELECT id … WHERE t < $1 ORDER BY t
 * LIMIT $2))` — with an index on the timestamp, so each batch is a short transaction.
 */
export interface RetentionTarget {
  name: string;
  maxAgeMs: number;
  sql: string;
}

/**
 * Prunes every target in batches, one instance at a time: a session advisory lock, taken
 * without waiting, makes any other instance skip its run. Statements run on the lock's own
 * connection in autocommit, so no transaction outlives one batch.
 */
export class RetentionPruner {
  constructor(
    private readonly dataSource: DataSource,
    /** Names the advisory lock (hashed to its key): one per service schema. */
    private readonly lockName: string,
    private readonly targets: RetentionTarget[],
    private readonly limits: BatchLimits,
  ) {}

  /** Null when another instance holds the lock. */
  async runOnce(now = new Date()): Promise<Record<string, PruneResult> | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }]: { locked: boolean }[] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
        [this.lockName],
      );
      if (!locked) return null;
      try {
        const results: Record<string, PruneResult> = {};
        for (const target of this.targets) {
          const cutoff = new Date(now.getTime() - target.maxAgeMs);
          results[target.name] = await pruneInBatches(async (limit) => {
            const result = await runner.query(target.sql, [cutoff, limit], true);
            return (result as { affected?: number }).affected ?? 0;
          }, this.limits);
        }
        return results;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.lockName]);
      }
    } finally {
      await runner.release();
    }
  }
}
