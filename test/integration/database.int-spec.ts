import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { ensureDatabase, migrate } from '@postback/db';
import { CreateDeliveryTables1764460900000 } from '../../apps/delivery/src/migrations/1764460900000-create-delivery-tables';
import { RetriesSigningAndAttemptDetail1764500000000 } from '../../apps/delivery/src/migrations/1764500000000-retries-signing-and-attempt-detail';
import { EndpointMissingMacroPolicy1764510000000 } from '../../apps/delivery/src/migrations/1764510000000-endpoint-missing-macro-policy';
import { RetentionIndex1764600000000 } from '../../apps/delivery/src/migrations/1764600000000-retention-index';

/** The db lib against the real PostgreSQL: database creation and migrations at start-up. */
describe('database bootstrap', () => {
  const serverUrl = new URL(process.env.DATABASE_URL!);
  const name = `postback_dbtest_${randomBytes(4).toString('hex')}`;
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const admin = Object.assign(new URL(serverUrl), { pathname: '/postgres' }).toString();

  class CreateWidgets1700000000000 implements MigrationInterface {
    name = 'CreateWidgets1700000000000';
    async up(db: QueryRunner): Promise<void> {
      await db.query('CREATE TABLE dbtest.widgets (id int PRIMARY KEY)');
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query('DROP TABLE dbtest.widgets');
    }
  }

  /** Like the retention indexes: built without blocking writes, so outside a transaction. */
  class WidgetsIndex1700000000001 implements MigrationInterface {
    name = 'WidgetsIndex1700000000001';
    transaction = false as const;
    async up(db: QueryRunner): Promise<void> {
      await db.query('CREATE INDEX CONCURRENTLY IF NOT EXISTS widgets_id_idx ON dbtest.widgets (id)');
    }
    async down(db: QueryRunner): Promise<void> {
      await db.query('DROP INDEX CONCURRENTLY IF EXISTS dbtest.widgets_id_idx');
    }
  }

  const dataSource = (migrations: (new () => MigrationInterface)[] = [CreateWidgets1700000000000]) =>
    new DataSource({
      type: 'postgres',
      url,
      schema: 'dbtest',
      migrations,
      migrationsTableName: 'migrations',
    });

  afterAll(async () => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  });

  it('creates a missing database, even when asked twice at once', async () => {
    await Promise.all([ensureDatabase(url), ensureDatabase(url)]);
    const client = new Client({ connectionString: admin });
    await client.connect();
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await client.end();
    expect(rowCount).toBe(1);
  });

  it('runs each migration once, even when replicas start together', async () => {
    const replicas = [dataSource(), dataSource(), dataSource()];
    const applied = await Promise.all(replicas.map((ds) => migrate(ds, url, 'dbtest')));
    expect(applied.flat()).toEqual(['CreateWidgets1700000000000']);
    const rows = await replicas[0].query('SELECT name FROM dbtest.migrations');
    expect(rows).toEqual([{ name: 'CreateWidgets1700000000000' }]);
    await Promise.all(replicas.map((ds) => ds.destroy()));
  });

  it('builds an index concurrently, outside a transaction, while other replicas wait to migrate', async () => {
    // CREATE INDEX CONCURRENTLY waits for every older snapshot in the database: a replica
    // blocked inside `SELECT pg_advisory_lock()` would have one, and wait for it in turn.
    const replicas = [0, 1, 2].map(() => dataSource([CreateWidgets1700000000000, WidgetsIndex1700000000001]));
    const applied = await Promise.all(replicas.map((ds) => migrate(ds, url, 'dbtest')));
    expect(applied.flat()).toEqual(['WidgetsIndex1700000000001']);
    const [{ indisvalid }] = await replicas[0].query(
      `SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relname = 'widgets_id_idx'`,
    );
    expect(indisvalid).toBe(true);
    await Promise.all(replicas.map((ds) => ds.destroy()));
  });

  it('replaces an invalid index a failed concurrent build left behind', async () => {
    const before = [
      CreateDeliveryTables1764460900000,
      RetriesSigningAndAttemptDetail1764500000000,
      EndpointMissingMacroPolicy1764510000000,
    ];
    const delivery = (migrations: (new () => MigrationInterface)[]) =>
      new DataSource({
        type: 'postgres',
        url,
        schema: 'delivery',
        migrations,
        migrationsTableName: 'migrations',
      });
    const old = delivery(before);
    await migrate(old, url, 'delivery');
    await old.query(
      `INSERT INTO delivery.endpoints (id, name, url_template, method, scope_type, filter, active)
       VALUES ('00000000-0000-0000-0000-000000000001', 'e', 'https://example.test/', 'GET', 'global', '{}', false)`,
    );
    await old.query(
      `INSERT INTO delivery.deliveries (delivery_id, decision_id, endpoint_id, call_id, status, attempts)
       VALUES (gen_random_uuid(), gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'c', 'delivered', 1)`,
    );
    // Interrupted half-way, as a killed pod would leave it: the index exists, marked invalid.
    await expect(
      old.query(
        `CREATE INDEX CONCURRENTLY deliveries_finished_updated_at_idx ON delivery.deliveries ((1 / 0))`,
      ),
    ).rejects.toThrow(/division by zero/);
    await old.destroy();

    const upgraded = delivery([...before, RetentionIndex1764600000000]);
    expect(await migrate(upgraded, url, 'delivery')).toEqual(['RetentionIndex1764600000000']);
    const [index] = await upgraded.query(
      `SELECT i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'deliveries_finished_updated_at_idx'`,
    );
    expect(index.valid).toBe(true);
    expect(index.definition).toContain('(updated_at)');
    await upgraded.destroy();
  });

  it('refuses a database name that could break out of the identifier', async () => {
    const bad = Object.assign(new URL(serverUrl), { pathname: '/x";DROP' }).toString();
    await expect(ensureDatabase(bad)).rejects.toThrow(/letters, digits or _/);
  });
});
