import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Retries and replays re-render from the stored decision; deliveries can wait on a retry tier;
 * attempts keep the request as sent (secrets redacted) and an error class; endpoints get auth,
 * a success rule and a reason when the circuit breaker disables them.
 */
export class RetriesSigningAndAttemptDetail1764500000000 implements MigrationInterface {
  name = 'RetriesSigningAndAttemptDetail1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery.deliveries ADD COLUMN decision jsonb`);
    await db.query(`ALTER TABLE delivery.deliveries ADD COLUMN failed_at timestamptz`);
    await db.query(`ALTER TABLE delivery.deliveries ADD COLUMN next_attempt_at timestamptz`);
    await db.query(`ALTER TABLE delivery.deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(
      `ALTER TABLE delivery.deliveries ADD CONSTRAINT deliveries_status_check
         CHECK (status IN ('pending', 'retrying', 'delivered', 'failed'))`,
    );
    await db.query(
      `CREATE INDEX deliveries_endpoint_status_idx ON delivery.deliveries (endpoint_id, status, failed_at)`,
    );
    await db.query(`CREATE INDEX deliveries_created_at_idx ON delivery.deliveries (created_at)`);
    await db.query(
      `ALTER TABLE delivery.delivery_attempts ADD COLUMN request_headers jsonb NOT NULL DEFAULT '{}'`,
    );
    await db.query(`ALTER TABLE delivery.delivery_attempts ADD COLUMN request_body text`);
    await db.query(`ALTER TABLE delivery.delivery_attempts ADD COLUMN error_class text`);
    await db.query(
      `ALTER TABLE delivery.delivery_attempts ADD COLUMN source text NOT NULL DEFAULT 'conversions'`,
    );
    await db.query(
      `ALTER TABLE delivery.endpoints ADD COLUMN auth jsonb NOT NULL DEFAULT '{"type": "none"}'`,
    );
    await db.query(`ALTER TABLE delivery.endpoints ADD COLUMN success jsonb NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE delivery.endpoints ADD COLUMN disabled_reason text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.endpoints DROP COLUMN disabled_reason, DROP COLUMN success, DROP COLUMN auth`,
    );
    await db.query(
      `ALTER TABLE delivery.delivery_attempts DROP COLUMN source, DROP COLUMN error_class,
         DROP COLUMN request_body, DROP COLUMN request_headers`,
    );
    await db.query(`DROP INDEX delivery.deliveries_created_at_idx`);
    await db.query(`DROP INDEX delivery.deliveries_endpoint_status_idx`);
    await db.query(`ALTER TABLE delivery.deliveries DROP CONSTRAINT deliveries_status_check`);
    await db.query(
      `ALTER TABLE delivery.deliveries ADD CONSTRAINT deliveries_status_check
         CHECK (status IN ('pending', 'delivered', 'failed'))`,
    );
    await db.query(
      `ALTER TABLE delivery.deliveries DROP COLUMN next_attempt_at, DROP COLUMN failed_at, DROP COLUMN decision`,
    );
  }
}
