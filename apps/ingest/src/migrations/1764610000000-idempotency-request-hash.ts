import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** The hash of the canonical request an Idempotency-Key was first used with (null for derived keys). */
export class IdempotencyRequestHash1764610000000 implements MigrationInterface {
  name = 'IdempotencyRequestHash1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ingest.idempotency_keys ADD COLUMN request_hash text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ingest.idempotency_keys DROP COLUMN request_hash`);
  }
}
