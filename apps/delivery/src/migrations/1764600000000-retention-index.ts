import { type MigrationInterface, type QueryRunner } from 'typeorm';

const INDEX = 'deliveries_finished_updated_at_idx';

/**
 * Retention finds finished deliveries by when they last changed without reading the table.
 * Built CONCURRENTLY (so outside a transaction): a plain build would block writes to a big
 * table for as long as it takes, while the old version still serves during a rolling deploy.
 */
export class RetentionIndex1764600000000 implements MigrationInterface {
  name = 'RetentionIndex1764600000000';
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
         WHERE status IN ('delivered', 'failed')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS delivery.${INDEX}`);
  }
}
