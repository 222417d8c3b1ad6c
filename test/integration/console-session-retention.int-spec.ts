import { randomUUID } from 'node:crypto';
import { RetentionPruner } from '@postback/db';
import { ConsoleSessions1765300000000 } from '../../apps/console/src/migrations/1765300000000-console-sessions';
import { sessionRetention } from '../../apps/console/src/session/session-retention';
import { migratedSchema } from '../support/migrated-schema';

/** Expired console sessions (and the sealed admin tokens in them) are pruned; live ones stay. */
describe('console session retention', () => {
  const dataSource = migratedSchema('console', [ConsoleSessions1765300000000]);
  const session = async (expiresInMs: number) => {
    const key = `retention-test-${randomUUID()}`;
    await dataSource.query(
      `INSERT INTO console.sessions (key, sealed_token, expires_at) VALUES ($1, 'sealed', $2)`,
      [key, new Date(Date.now() + expiresInMs)],
    );
    return key;
  };
  const left = async (keys: string[]) =>
    (
      (await dataSource.query(`SELECT key FROM console.sessions WHERE key = ANY($1::text[])`, [keys])) as {
        key: string;
      }[]
    ).map((row) => row.key);

  it('deletes expired sessions and keeps live ones', async () => {
    const expired = [await session(-60_000), await session(-86_400_000)];
    const live = [await session(3_600_000)];
    const pruner = new RetentionPruner(
      process.env.DATABASE_URL!,
      `test-${randomUUID()}`,
      sessionRetention().targets,
      { batchSize: 1, maxBatches: 100 },
    );
    expect((await pruner.runOnce())!['console.sessions'].deleted).toBeGreaterThanOrEqual(2);
    expect(await left([...expired, ...live])).toEqual(live);
    await dataSource.query(`DELETE FROM console.sessions WHERE key = ANY($1::text[])`, [live]);
  });
});
