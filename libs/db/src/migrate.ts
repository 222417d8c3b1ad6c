import { Client } from 'pg';
import { type DataSource } from 'typeorm';

/**
 * Runs the service's pending migrations, each in its own transaction, while holding a
 * Postgres advisory lock so that replicas starting together do not race.
 */
export async function migrate(dataSource: DataSource, url: string, schema: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`postback-migrations:${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    if (!dataSource.isInitialized) await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}
