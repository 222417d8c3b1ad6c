import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A backup URL per endpoint, taken once the primary has failed a delivery `backup_after_failures`
 * times or while its circuit is open; each attempt records which one it went to.
 */
export class BackupEndpoints1765100000000 implements MigrationInterface {
  name = 'BackupEndpoints1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.endpoints
         ADD COLUMN backup_url_template text,
         ADD COLUMN backup_after_failures integer CHECK (backup_after_failures > 0)`,
    );
    await db.query(
      `ALTER TABLE delivery.delivery_attempts
         ADD COLUMN target text NOT NULL DEFAULT 'primary' CHECK (target IN ('primary', 'backup'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery.delivery_attempts DROP COLUMN target`);
    await db.query(
      `ALTER TABLE delivery.endpoints DROP COLUMN backup_url_template, DROP COLUMN backup_after_failures`,
    );
  }
}
