import { Client } from 'pg';

/**
 * Deactivates every delivery endpoint earlier test files left in the shared test database.
 * Their receivers are gone, so each decision would also be sent to them, fail and be retried:
 * work that slows the services a timing-sensitive test runs. Test files run one at a time.
 */
export async function deactivateLeftoverEndpoints(databaseUrl: string, keep: string[] = []): Promise<void> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ exists }] = (await db.query(`SELECT to_regclass('delivery.endpoints') IS NOT NULL AS exists`))
      .rows as { exists: boolean }[];
    if (exists) {
      await db.query(
        'UPDATE delivery.endpoints SET active = false WHERE active AND NOT (id = ANY($1::uuid[]))',
        [keep],
      );
    }
  } finally {
    await db.end();
  }
}
