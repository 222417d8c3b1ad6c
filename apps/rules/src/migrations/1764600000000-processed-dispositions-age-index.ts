import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Retention deletes the oldest processed dispositions first: by index, not by reading the table. */
export class ProcessedDispositionsAgeIndex1764600000000 implements MigrationInterface {
  name = 'ProcessedDispositionsAgeIndex1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX processed_dispositions_processed_at_idx ON rules.processed_dispositions (processed_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX rules.processed_dispositions_processed_at_idx`);
  }
}
