import { type MigrationInterface, type QueryRunner } from 'typeorm';

const INDEX = 'processed_dispositions_processed_at_idx';

/**
 * Retention deletes the oldest processed dispositions first: by index, not by reading the table.
 * Built CONCURRENTLY (so outside a transaction): a plain build would block the consumers'
 * inserts into a big table for as long as it takes, during a rolling deploy.
 */
export class ProcessedDispositionsAgeIndex1764600000000 implements MigrationInterface {
  name = 'ProcessedDispositionsAgeIndex1764600000000';
  transaction = false as const;

  async up(db: QueryRunner): Promise<void> {
    // A build that failed half-way leaves an invalid index, which IF NOT EXISTS would keep.
    const invalid: unknown[] = await db.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'rules' AND c.relname = $1 AND NOT i.indisvalid`,
      [INDEX],
    );
    if (invalid.length > 0) await db.query(`DROP INDEX CONCURRENTLY IF EXISTS rules.${INDEX}`);
    await db.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${INDEX} ON rules.processed_dispositions (processed_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX CONCURRENTLY IF EXISTS rules.${INDEX}`);
  }
}
