import { Client } from 'pg';

/** The race's loser sees 42P04 (duplicate_database) or, mid-creation, 23505 on pg_database. */
const ALREADY_CREATED = new Set(['42P04', '23505']);
const INVALID_CATALOG_NAME = '3D000';

/**
 * Creates the database named in the URL if the server does not have it yet (safe to race).
 * It connects to the target first, so a role allowed only its own database still starts.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name))
    throw new Error(`DATABASE_URL: database name "${name}" must be letters, digits or _`);
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      if (!ALREADY_CREATED.has(error.code ?? '')) throw error;
    });
  } finally {
    await client.end();
  }
}
