import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Every disposition rules handled, with the call facts it was decided on, so that a backtest can
 * replay a range through other rules and the ledger can count what was decided per hour. Keyed
 * by (event id, received_at): a disposition sent to ingest again (same event id, a new
 * received_at) is a row of its own, a Kafka redelivery of the same message is not. `seq` is the
 * order rules handled them in (one call's dispositions in their order).
 */
export class KeptDispositions1765200000000 implements MigrationInterface {
  name = 'KeptDispositions1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules.kept_dispositions (
        event_id uuid NOT NULL,
        received_at timestamptz NOT NULL,
        seq bigserial NOT NULL,
        call_id text NOT NULL,
        disposition jsonb NOT NULL,
        attributed jsonb NOT NULL,
        PRIMARY KEY (event_id, received_at)
      )`);
    await db.query('CREATE INDEX kept_dispositions_received_at ON rules.kept_dispositions (received_at)');
    await db.query('CREATE INDEX kept_dispositions_call_id ON rules.kept_dispositions (call_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rules.kept_dispositions');
  }
}
