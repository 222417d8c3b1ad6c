import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';

/** How often a replica asks again for the migration lock another one holds. */
const LOCK_POLL_MS = 250;

/**
 * Runs the service's pending migrations, each in its own transaction unless it declares
 * `transaction = false` (CREATE INDEX CONCURRENTLY), while holding a Postgres advisory lock
 * so that replicas starting together do not race.
 */
export async function migrate(dataSource: DataSource, url: string, schema: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await takeLock(lock, `postback-migrations:${schema}`);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    if (!dataSource.isInitialized) await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.end();
  }
}

/**
 * Asks without waiting, again and again. A replica blocked inside `SELECT pg_advisory_lock()`
 * holds a snapshot all that time, and CREATE INDEX CONCURRENTLY on the lock holder waits for
 * every older snapshot in the database: each would wait for the other, unseen by Postgres.
 */
async function takeLock(client: Client, name: string): Promise<void> {
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [name],
    );
    if (rows[0].locked) return;
    await sleep(LOCK_POLL_MS);
  }
}
