import { Client } from 'pg';
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
 * without waiting, makes any other instance skip its run. The lock lives on a connection of
 * its own, opened for the run and closed after it: closing the session frees the lock whatever
 * failed (a pooled connection given back still holding it would stop retention everywhere).
 * Statements run on that connection in autocommit, so no transaction outlives one batch.
 */
export class RetentionPruner {
  constructor(
    private readonly url: string,
    /** Names the advisory lock (hashed to its key) and the session: one per service schema. */
    private readonly lockName: string,
    private readonly targets: RetentionTarget[],
    private readonly limits: BatchLimits,
  ) {}

  /** Null when another instance holds the lock. An aborted `signal` ends the run after its batch in flight. */
  async runOnce(now = new Date(), signal?: AbortSignal): Promise<Record<string, PruneResult> | null> {
    const client = new Client({
      connectionString: this.url,
      application_name: this.lockName,
      connectionTimeoutMillis: 10_000,
    });
    // A connection lost between statements: the next statement fails and the run says so.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [this.lockName],
      );
      if (!rows[0].locked) return null;
      const results: Record<string, PruneResult> = {};
      for (const target of this.targets) {
        const cutoff = new Date(now.getTime() - target.maxAgeMs);
        results[target.name] = await pruneInBatches(
          async (limit) => (await client.query(target.sql, [cutoff, limit])).rowCount ?? 0,
          this.limits,
          signal,
        );
      }
      return results;
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
