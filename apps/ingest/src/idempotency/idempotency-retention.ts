import { type Config } from '@postback/config';
import { type RetentionTarget } from '@postback/db';

const PURGE_EVERY_MS = 10 * 60_000;

/** Dedup records past the idempotency window answer nothing any more (a claim takes them over). */
export function idempotencyRetention(config: Config): { targets: RetentionTarget[]; intervalMs: number } {
  return {
    intervalMs: Math.min(PURGE_EVERY_MS, config.retention.intervalMs),
    targets: [
      {
        name: 'ingest.idempotency_keys',
        maxAgeMs: config.ingest.idempotencyWindowMs,
        sql: `
          DELETE FROM ingest.idempotency_keys
          WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM ingest.idempotency_keys
            WHERE created_at < $1 ORDER BY created_at LIMIT $2))`,
      },
    ],
  };
}
