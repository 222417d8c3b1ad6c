import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Retention finds finished deliveries by when they last changed without reading the table. */
export class RetentionIndex1764600000000 implements MigrationInterface {
  name = 'RetentionIndex1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX deliveries_finished_updated_at_idx ON delivery.deliveries (updated_at)
         WHERE status IN ('delivered', 'failed')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery.deliveries_finished_updated_at_idx`);
  }
}
