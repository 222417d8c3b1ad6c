import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every disposition decided, including those that changed nothing: a replay after a crash
 * must not judge a no-change event again against state that later events already moved.
 */
export class ProcessedDispositions1764547200003 implements MigrationInterface {
  name = 'ProcessedDispositions1764547200003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules.processed_dispositions (
        event_id uuid PRIMARY KEY,
        call_id text NOT NULL,
        decision_id uuid,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      INSERT INTO rules.processed_dispositions (event_id, call_id, decision_id)
      SELECT event_id, call_id, decision_id FROM rules.decisions ON CONFLICT DO NOTHING`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rules.processed_dispositions');
  }
}
