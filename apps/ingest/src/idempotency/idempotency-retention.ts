import { type Config } from '@postback/config';
import { type RetentionTarget } from '@postback/db';
import { SIGNATURE_TOLERANCE_SECONDS } from '@postback/webhooks';

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
      {
        // Twice the tolerance: a timestamp may be that far ahead of when it was seen.
        name: 'ingest.seen_webhooks',
        maxAgeMs: 2 * SIGNATURE_TOLERANCE_SECONDS * 1000,
        sql: `
          DELETE FROM ingest.seen_webhooks
          WHERE ctid = ANY(ARRAY(
            SELECT ctid FROM ingest.seen_webhooks
            WHERE seen_at < $1 ORDER BY seen_at LIMIT $2))`,
      },
    ],
  };
}
