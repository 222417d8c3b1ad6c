import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateRulesTables1764460800000 implements MigrationInterface {
  name = 'CreateRulesTables1764460800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rules.conversion_rules (
        id uuid NOT NULL,
        version int NOT NULL CHECK (version > 0),
        name text NOT NULL,
        scope_type text NOT NULL CHECK (scope_type IN ('global', 'campaign', 'buyer', 'publisher')),
        scope_id text,
        dispositions text[] NOT NULL,
        outcome jsonb NOT NULL,
        priority int NOT NULL DEFAULT 0,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version),
        CHECK ((scope_type = 'global') = (scope_id IS NULL))
      )`);
    await db.query(`
      CREATE TABLE rules.decisions (
        decision_id uuid PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        call_id text NOT NULL,
        type text NOT NULL,
        status text NOT NULL,
        value numeric(18, 4) NOT NULL,
        delta numeric(18, 4) NOT NULL,
        rule_id uuid NOT NULL,
        rule_version int NOT NULL,
        follow_up boolean NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX decisions_call_id_idx ON rules.decisions (call_id, created_at)`);
    await db.query(`
      CREATE TABLE rules.conversions (
        call_id text PRIMARY KEY,
        type text NOT NULL,
        value numeric(18, 4) NOT NULL,
        currency text,
        last_decision_id uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE rules.conversions');
    await db.query('DROP TABLE rules.decisions');
    await db.query('DROP TABLE rules.conversion_rules');
  }
}
