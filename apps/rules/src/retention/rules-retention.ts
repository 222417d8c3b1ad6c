import { type Config } from '@postback/config';
import { type RetentionTarget, oldestRows } from '@postback/db';

/**
 * processed_dispositions only guards against deciding a replayed disposition twice; a replay
 * comes from the topic, so rows older than the topic keeps messages guard nothing. Decisions,
 * conversions and rules are the service's records and are kept.
 */
export function rulesRetention(config: Config): { targets: RetentionTarget[] } {
  return {
    targets: [
      oldestRows('rules.processed_dispositions', config.retention.rulesProcessedMs, {
        key: 'event_id',
        age: 'processed_at',
      }),
      {
        // Kept for backtests and the ledger as long as the replay protection: one retention.
        name: 'rules.kept_dispositions',
        maxAgeMs: config.retention.rulesProcessedMs,
        sql: `
          DELETE FROM rules.kept_dispositions
          WHERE (event_id, received_at) IN (
            SELECT event_id, received_at FROM rules.kept_dispositions
            WHERE received_at < $1 ORDER BY received_at LIMIT $2)`,
      },
    ],
  };
}
