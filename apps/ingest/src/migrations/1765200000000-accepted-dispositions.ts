import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Dispositions Kafka acknowledged, counted per minute in which ingest received them: the first
 * column of the pipeline ledger. A counter row per minute, added to once per written batch (not a
 * row per disposition: this is the hot path).
 */
export class AcceptedDispositions1765200000000 implements MigrationInterface {
  name = 'AcceptedDispositions1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ingest.accepted_dispositions (
        minute timestamptz PRIMARY KEY,
        count bigint NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ingest.accepted_dispositions');
  }
}
