import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A receiver may answer anything (a GIF pixel, invalid UTF-8, NUL): the attempt keeps a text
 * rendering PostgreSQL always accepts, and beside it the exact bytes when that text is not
 * exact, the content type and whether the body was cut at the read limit.
 */
export class AttemptResponseBodyBytes1764700000000 implements MigrationInterface {
  name = 'AttemptResponseBodyBytes1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.delivery_attempts
         ADD COLUMN response_body_raw bytea,
         ADD COLUMN response_body_binary boolean NOT NULL DEFAULT false,
         ADD COLUMN response_body_truncated boolean NOT NULL DEFAULT false,
         ADD COLUMN response_content_type text`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE delivery.delivery_attempts
         DROP COLUMN response_content_type, DROP COLUMN response_body_truncated,
         DROP COLUMN response_body_binary, DROP COLUMN response_body_raw`,
    );
  }
}
