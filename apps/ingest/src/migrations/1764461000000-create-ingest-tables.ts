import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateIngestTables1764461000000 implements MigrationInterface {
  name = 'CreateIngestTables1764461000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ingest.sources (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        enabled boolean NOT NULL DEFAULT true,
        ip_allowlist text[] NOT NULL DEFAULT '{}',
        disposition_map jsonb NOT NULL DEFAULT '{}',
        rate_limit_per_second int CHECK (rate_limit_per_second > 0),
        signing_secret_version int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE ingest.api_keys (
        id uuid PRIMARY KEY,
        source_id uuid NOT NULL REFERENCES ingest.sources (id),
        key_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX api_keys_source_id_idx ON ingest.api_keys (source_id)`);
    await db.query(`
      CREATE TABLE ingest.idempotency_keys (
        source_id uuid NOT NULL,
        idem_key text NOT NULL,
        events jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source_id, idem_key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created_at_idx ON ingest.idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ingest.idempotency_keys');
    await db.query('DROP TABLE ingest.api_keys');
    await db.query('DROP TABLE ingest.sources');
  }
}
