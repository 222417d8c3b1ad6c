import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Rate and in-flight limits per endpoint; null takes the service's defaults. */
export class EndpointLimits1765000000000 implements MigrationInterface {
  name = 'EndpointLimits1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.endpoints
         ADD COLUMN rate_limit_per_second double precision CHECK (rate_limit_per_second > 0),
         ADD COLUMN max_in_flight integer CHECK (max_in_flight > 0)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.endpoints DROP COLUMN rate_limit_per_second, DROP COLUMN max_in_flight`,
    );
  }
}
