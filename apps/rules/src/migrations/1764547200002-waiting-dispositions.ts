import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Dispositions waiting on dispositions.wait for their call's events. */
export class WaitingDispositions1764547200002 implements MigrationInterface {
  name = 'WaitingDispositions1764547200002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules.waiting_dispositions (
        event_id uuid PRIMARY KEY,
        call_id text NOT NULL,
        due_at timestamptz NOT NULL,
        parked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX waiting_dispositions_call_idx ON rules.waiting_dispositions (call_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rules.waiting_dispositions');
  }
}
