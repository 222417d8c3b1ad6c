import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** An endpoint chooses what a macro without a value does at send time: render empty, or fail the delivery. */
export class EndpointMissingMacroPolicy1764510000000 implements MigrationInterface {
  name = 'EndpointMissingMacroPolicy1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.endpoints ADD COLUMN missing_macro text NOT NULL DEFAULT 'empty'
         CHECK (missing_macro IN ('empty', 'fail'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE delivery.endpoints DROP COLUMN missing_macro`);
  }
}
