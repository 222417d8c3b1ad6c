import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateDeliveryTables1764460900000 implements MigrationInterface {
  name = 'CreateDeliveryTables1764460900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE delivery.endpoints (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        url_template text NOT NULL,
        method text NOT NULL CHECK (method IN ('GET', 'POST', 'PUT')),
        headers jsonb NOT NULL DEFAULT '{}',
        body_template text,
        scope_type text NOT NULL CHECK (scope_type IN ('global', 'campaign', 'publisher', 'buyer')),
        scope_id text,
        filter jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((scope_type = 'global') = (scope_id IS NULL))
      )`);
    await db.query(`
      CREATE TABLE delivery.deliveries (
        delivery_id uuid PRIMARY KEY,
        decision_id uuid NOT NULL,
        endpoint_id uuid NOT NULL REFERENCES delivery.endpoints (id),
        call_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts int NOT NULL DEFAULT 0,
        last_status_code int,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (decision_id, endpoint_id)
      )`);
    await db.query(`CREATE INDEX deliveries_call_id_idx ON delivery.deliveries (call_id)`);
    await db.query(`
      CREATE TABLE delivery.delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES delivery.deliveries (delivery_id),
        attempt_no int NOT NULL,
        method text NOT NULL,
        url text NOT NULL,
        status_code int,
        response_body text NOT NULL DEFAULT '',
        error text,
        duration_ms int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (delivery_id, attempt_no)
      )`);
    await db.query(
      `CREATE INDEX delivery_attempts_created_at_idx ON delivery.delivery_attempts (created_at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE delivery.delivery_attempts');
    await db.query('DROP TABLE delivery.deliveries');
    await db.query('DROP TABLE delivery.endpoints');
  }
}
