import { type Config } from '@postback/config';
import { type RetentionTarget, oldestRows } from '@postback/db';
import { SIGNATURE_TOLERANCE_SECONDS } from '@postback/webhooks';

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * What ingest prunes: dedup records past the idempotency window (they answer nothing any more; a
 * claim takes them over), seen webhook ids past the signature tolerance, and the per-minute
 * accepted counts once rules no longer keeps the dispositions the ledger compares them with.
 */
export function ingestRetention(config: Config): { targets: RetentionTarget[]; intervalMs: number } {
  return {
    intervalMs: Math.min(PURGE_EVERY_MS, config.retention.intervalMs),
    targets: [
      oldestRows('ingest.idempotency_keys', config.ingest.idempotencyWindowMs, {
        key: 'ctid',
        age: 'created_at',
      }),
      // Twice the tolerance: a timestamp may be that far ahead of when it was seen.
      oldestRows('ingest.seen_webhooks', 2 * SIGNATURE_TOLERANCE_SECONDS * 1000, {
        key: 'ctid',
        age: 'seen_at',
      }),
      // The ledger's other side is rules.kept_dispositions, pruned at this age.
      oldestRows('ingest.accepted_dispositions', config.retention.rulesProcessedMs, {
        key: 'minute',
        age: 'minute',
      }),
    ],
  };
}
