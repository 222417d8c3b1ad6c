import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Signed requests seen within the signature tolerance, so that a replay is refused. */
export class SeenWebhooks1764610000001 implements MigrationInterface {
  name = 'SeenWebhooks1764610000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ingest.seen_webhooks (
        source_id uuid NOT NULL,
        webhook_id text NOT NULL,
        signed_at bigint NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, webhook_id, signed_at)
      )`);
    await db.query(`CREATE INDEX seen_webhooks_seen_at_idx ON ingest.seen_webhooks (seen_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ingest.seen_webhooks');
  }
}
