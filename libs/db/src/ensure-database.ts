import { Client } from 'pg';

/** The race's loser sees 42P04 (duplicate_database) or, mid-creation, 23505 on pg_database. */
const ALREADY_CREATED = new Set(['42P04', '23505']);

/** Creates the database named in the URL if the server does not have it yet (safe to race). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`DATABASE_URL: database name "${name}" must be letters, digits or _`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (!ALREADY_CREATED.has(error.code ?? '')) throw error;
      });
    }
  } finally {
    await client.end();
  }
}
