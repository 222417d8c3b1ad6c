import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Reconciliations against partners' reports: progress while a report is read, then the stored answer. */
export class Reconciliations1765200000000 implements MigrationInterface {
  name = 'Reconciliations1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE delivery.reconciliations (
        id uuid PRIMARY KEY,
        endpoint_id uuid NOT NULL REFERENCES delivery.endpoints (id),
        range_from timestamptz NOT NULL,
        range_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        rows_read int NOT NULL DEFAULT 0,
        report jsonb,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await db.query('CREATE INDEX reconciliations_created_at ON delivery.reconciliations (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE delivery.reconciliations');
  }
}
