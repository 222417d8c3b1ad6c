import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** A total order of decisions for paging: a cursor is the last sequence number seen. */
export class DecisionSequence1764547200001 implements MigrationInterface {
  name = 'DecisionSequence1764547200001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE rules.decisions ADD COLUMN seq bigserial');
    await db.query('CREATE UNIQUE INDEX decisions_seq_idx ON rules.decisions (seq)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX rules.decisions_seq_idx');
    await db.query('ALTER TABLE rules.decisions DROP COLUMN seq');
  }
}
