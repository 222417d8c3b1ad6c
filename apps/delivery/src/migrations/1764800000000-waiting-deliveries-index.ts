import { type MigrationInterface, type QueryRunner } from 'typeorm';

const INDEX = 'deliveries_waiting_updated_at_idx';

/**
 * The orphan sweep looks for pending and retrying deliveries unchanged for a while without
 * reading the table. Built CONCURRENTLY (outside a transaction), as the retention index is.
 */
export class WaitingDeliveriesIndex1764800000000 implements MigrationInterface {
  name = 'WaitingDeliveriesIndex1764800000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    // A build that failed half-way leaves an invalid index, which IF NOT EXISTS would keep.
    const invalid: unknown[] = await db.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'delivery' AND c.relname = $1 AND NOT i.indisvalid`,
      [INDEX],
    );
    if (invalid.length > 0) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS delivery.${INDEX}`);
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${INDEX} ON delivery.deliveries (updated_at)
         WHERE status IN ('pending', 'retrying')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS delivery.${INDEX}`);
  }
}
