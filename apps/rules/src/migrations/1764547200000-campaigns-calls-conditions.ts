import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Campaigns (full value, attribution window), call state from call events, and rule conditions. */
export class CampaignsCallsConditions1764547200000 implements MigrationInterface {
  name = 'CampaignsCallsConditions1764547200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules.campaigns (
        id text PRIMARY KEY,
        name text NOT NULL,
        value numeric(18, 4) NOT NULL CHECK (value >= 0),
        currency char(3) NOT NULL,
        attribution_window_seconds int CHECK (attribution_window_seconds > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE rules.calls (
        call_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        publisher_id text,
        buyer_id text,
        click_id text,
        duration_seconds int,
        started_at timestamptz,
        answered_at timestamptz,
        ended_at timestamptz,
        first_seen_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE rules.conversion_rules ADD COLUMN conditions jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE rules.conversion_rules DROP COLUMN conditions');
    await db.query('DROP TABLE rules.calls');
    await db.query('DROP TABLE rules.campaigns');
  }
}
