import { randomUUID } from 'node:crypto';
import { type Config } from '@postback/config';
import { RetentionPruner } from '@postback/db';
import { ingestRetention } from '../../apps/ingest/src/ingest-retention';
import { INGEST_MIGRATIONS } from '../../apps/ingest/src/migrations/ingest-migrations';
import { migratedSchema } from '../support/migrated-schema';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The ledger's per-minute accepted counts go once rules no longer keeps what they are compared with. */
describe('ingest retention of the accepted counts', () => {
  const url = process.env.DATABASE_URL!;
  const dataSource = migratedSchema('ingest', INGEST_MIGRATIONS);
  const config = {
    ingest: { idempotencyWindowMs: 600_000 },
    retention: { intervalMs: 3_600_000, rulesProcessedMs: 30 * DAY },
  } as Config;
  /** Minutes of this run only: a random minute within each day, far from what the services count now. */
  const minuteAged = (ageDays: number) =>
    new Date(
      Math.floor((Date.now() - ageDays * DAY - Math.floor(Math.random() * 1000) * MINUTE) / MINUTE) * MINUTE,
    );
  const present = async (minutes: Date[]) =>
    (
      (await dataSource.query(
        `SELECT minute FROM ingest.accepted_dispositions WHERE minute = ANY($1::timestamptz[]) ORDER BY minute`,
        [minutes],
      )) as { minute: Date }[]
    ).map((row) => row.minute.getTime());

  it('deletes minutes older than the kept dispositions and keeps the newer ones', async () => {
    const old = [minuteAged(31), minuteAged(90)];
    const young = [minuteAged(29), minuteAged(2)];
    await dataSource.query(
      `INSERT INTO ingest.accepted_dispositions (minute, count)
       SELECT m, 7 FROM unnest($1::timestamptz[]) AS m ON CONFLICT (minute) DO NOTHING`,
      [[...old, ...young]],
    );
    expect(await present([...old, ...young])).toHaveLength(4);
    const pruner = new RetentionPruner(url, `test-${randomUUID()}`, ingestRetention(config).targets, {
      batchSize: 1,
      maxBatches: 100,
    });
    const result = (await pruner.runOnce())!['ingest.accepted_dispositions'];
    expect(result.deleted).toBeGreaterThanOrEqual(2);
    expect(result.complete).toBe(true);
    expect(await present([...old, ...young])).toEqual(young.map((m) => m.getTime()).sort((a, b) => a - b));
    await dataSource.query(`DELETE FROM ingest.accepted_dispositions WHERE minute = ANY($1::timestamptz[])`, [
      young,
    ]);
  });
});
