import { type RetentionTarget } from './retention-pruner';

/**
 * The common retention target: rows of `table` (schema-qualified) whose `age` column is older
 * than the cut-off, oldest first, picked by a single `key` column (a `ctid` lets PostgreSQL
 * delete by row address) — `key = ANY(ARRAY(…))`, so the batch's rows are found once.
 */
export function oldestRows(
  table: string,
  maxAgeMs: number,
  columns: { key: string; age: string },
): RetentionTarget {
  const { key, age } = columns;
  return {
    name: table,
    maxAgeMs,
    sql: `
      DELETE FROM ${table}
      WHERE ${key} = ANY(ARRAY(
        SELECT ${key} FROM ${table}
        WHERE ${age} < $1 ORDER BY ${age} LIMIT $2))`,
  };
}
