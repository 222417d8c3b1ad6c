import { type Config } from '@postback/config';
import { type RetentionTarget } from '@postback/db';

/**
 * Finished deliveries (delivered, or failed and not replayed since) untouched for
 * DELIVERY_RETENTION_DAYS go, with their attempts, in one statement per batch. Pending and
 * retrying ones stay, whatever their age. Rows locked by a handler right now are skipped.
 */
export function deliveryRetention(config: Config): { targets: RetentionTarget[] } {
  return {
    targets: [
      {
        name: 'delivery.deliveries',
        maxAgeMs: config.retention.deliveryMs,
        sql: `
          WITH doomed AS (
            SELECT delivery_id FROM delivery.deliveries
            WHERE status IN ('delivered', 'failed') AND updated_at < $1
            ORDER BY updated_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED
          ), attempts AS (
            DELETE FROM delivery.delivery_attempts WHERE delivery_id IN (SELECT delivery_id FROM doomed)
          )
          DELETE FROM delivery.deliveries WHERE delivery_id IN (SELECT delivery_id FROM doomed)`,
      },
    ],
  };
}
