import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { type Config } from '@postback/config';
import { RetentionPruner, ensureDatabase, migrate } from '@postback/db';
import { RULES_MIGRATIONS } from '../../apps/rules/src/migrations/rules-migrations';
import { CreateDeliveryTables1764460900000 } from '../../apps/delivery/src/migrations/1764460900000-create-delivery-tables';
import { RetriesSigningAndAttemptDetail1764500000000 } from '../../apps/delivery/src/migrations/1764500000000-retries-signing-and-attempt-detail';
import { EndpointMissingMacroPolicy1764510000000 } from '../../apps/delivery/src/migrations/1764510000000-endpoint-missing-macro-policy';
import { RetentionIndex1764600000000 } from '../../apps/delivery/src/migrations/1764600000000-retention-index';
import { deliveryRetention } from '../../apps/delivery/src/retention/delivery-retention';
import { rulesRetention } from '../../apps/rules/src/retention/rules-retention';

const DAY = 86_400_000;
/** Marks this test's rows, so that rows an aborted earlier run left behind can be found. */
const CALL_ID = 'call-retention-test';
const config = { retention: { deliveryMs: 30 * DAY, rulesProcessedMs: 30 * DAY } } as Config;

/** Retention against the real PostgreSQL: old rows go in bounded batches, new and unfinished rows stay. */
describe('retention pruning', () => {
  const url = process.env.DATABASE_URL!;
  const delivery = new DataSource({
    type: 'postgres',
    url,
    schema: 'delivery',
    migrations: [
      CreateDeliveryTables1764460900000,
      RetriesSigningAndAttemptDetail1764500000000,
      EndpointMissingMacroPolicy1764510000000,
      RetentionIndex1764600000000,
    ],
    migrationsTableName: 'migrations',
  });
  const rules = new DataSource({
    type: 'postgres',
    url,
    schema: 'rules',
    migrations: RULES_MIGRATIONS,
    migrationsTableName: 'migrations',
  });
  const endpointId = randomUUID();

  /** Rows of earlier runs of this test (an aborted one leaves old finished rows that skew counts). */
  async function removeOwnRows(): Promise<void> {
    await delivery.query(
      `DELETE FROM delivery.delivery_attempts WHERE delivery_id IN
         (SELECT delivery_id FROM delivery.deliveries WHERE call_id = $1)`,
      [CALL_ID],
    );
    await delivery.query(`DELETE FROM delivery.deliveries WHERE call_id = $1`, [CALL_ID]);
    await delivery.query(
      `DELETE FROM delivery.endpoints e WHERE name = 'retention test'
         AND NOT EXISTS (SELECT 1 FROM delivery.deliveries d WHERE d.endpoint_id = e.id)`,
    );
    await rules.query(`DELETE FROM rules.processed_dispositions WHERE call_id = $1`, [CALL_ID]);
  }

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(delivery, url, 'delivery');
    await migrate(rules, url, 'rules');
    await removeOwnRows();
    await delivery.query(
      // Inactive: the database is shared with the services other tests run.
      `INSERT INTO delivery.endpoints (id, name, url_template, method, scope_type, filter, active)
       VALUES ($1, 'retention test', 'https://example.test/pb', 'GET', 'global',
               '{"types": [], "min_value": null, "upgrades": false, "reversals": false}', false)`,
      [endpointId],
    );
  });

  afterAll(async () => {
    await removeOwnRows();
    await delivery.destroy();
    await rules.destroy();
  });

  /** A delivery last changed `ageDays` ago, with two attempts made then. */
  async function deliveryAged(status: string, ageDays: number): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - ageDays * DAY);
    await delivery.query(
      `INSERT INTO delivery.deliveries (delivery_id, decision_id, endpoint_id, call_id, status, attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 2, $6, $6)`,
      [id, randomUUID(), endpointId, CALL_ID, status, at],
    );
    for (const attempt of [1, 2]) {
      await delivery.query(
        `INSERT INTO delivery.delivery_attempts (delivery_id, attempt_no, method, url, duration_ms, created_at)
         VALUES ($1, $2, 'GET', 'https://example.test/pb', 10, $3)`,
        [id, attempt, at],
      );
    }
    return id;
  }

  const existing = async (ids: string[]) =>
    (
      (await delivery.query(
        `SELECT delivery_id FROM delivery.deliveries WHERE delivery_id = ANY($1::uuid[])`,
        [ids],
      )) as { delivery_id: string }[]
    ).map((row) => row.delivery_id);
  const attemptsOf = async (ids: string[]) =>
    Number(
      (
        await delivery.query(
          `SELECT count(*) AS n FROM delivery.delivery_attempts WHERE delivery_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0].n,
    );

  it('deletes finished deliveries older than the retention with their attempts, in bounded batches', async () => {
    const oldFinished = [
      await deliveryAged('delivered', 45),
      await deliveryAged('failed', 40),
      await deliveryAged('delivered', 31),
      await deliveryAged('failed', 60),
      await deliveryAged('delivered', 35),
    ];
    const kept = [
      await deliveryAged('delivered', 29),
      await deliveryAged('failed', 1),
      await deliveryAged('retrying', 90),
      await deliveryAged('pending', 90),
    ];
    const { targets } = deliveryRetention(config);

    // Two rows per statement, one statement per run: a run never deletes more than it may.
    const bounded = new RetentionPruner(url, `test-${randomUUID()}`, targets, {
      batchSize: 2,
      maxBatches: 1,
    });
    expect((await bounded.runOnce())!['delivery.deliveries']).toEqual({
      deleted: 2,
      batches: 1,
      complete: false,
    });
    // The oldest go first.
    expect(await existing([oldFinished[3], oldFinished[0]])).toEqual([]);
    expect(await existing(oldFinished)).toHaveLength(3);

    const rest = new RetentionPruner(url, `test-${randomUUID()}`, targets, {
      batchSize: 2,
      maxBatches: 10,
    });
    expect((await rest.runOnce())!['delivery.deliveries']).toEqual({
      deleted: 3,
      batches: 2,
      complete: true,
    });
    expect(await existing(oldFinished)).toEqual([]);
    expect(await attemptsOf(oldFinished)).toBe(0);
    expect((await existing(kept)).sort()).toEqual([...kept].sort());
    expect(await attemptsOf(kept)).toBe(8);
  });

  it('deletes processed-disposition records older than their retention and keeps newer ones', async () => {
    const processed = async (ageDays: number) => {
      const id = randomUUID();
      await rules.query(
        `INSERT INTO rules.processed_dispositions (event_id, call_id, processed_at) VALUES ($1, $2, $3)`,
        [id, CALL_ID, new Date(Date.now() - ageDays * DAY)],
      );
      return id;
    };
    const old = [await processed(31), await processed(100), await processed(45)];
    const young = [await processed(29), await processed(0)];
    const pruner = new RetentionPruner(url, `test-${randomUUID()}`, rulesRetention(config).targets, {
      batchSize: 2,
      maxBatches: 10,
    });
    const result = (await pruner.runOnce())!['rules.processed_dispositions'];
    expect(result.deleted).toBeGreaterThanOrEqual(3);
    const left = (
      (await rules.query(
        `SELECT event_id FROM rules.processed_dispositions WHERE event_id = ANY($1::uuid[])`,
        [[...old, ...young]],
      )) as { event_id: string }[]
    ).map((row) => row.event_id);
    expect(left.sort()).toEqual([...young].sort());
  });

  it('deletes kept dispositions (backtests, ledger) older than the processed-disposition retention', async () => {
    const keep = async (ageDays: number) => {
      const id = randomUUID();
      await rules.query(
        `INSERT INTO rules.kept_dispositions (event_id, received_at, call_id, disposition, attributed)
         VALUES ($1, $2, $3, '{}', '{}')`,
        [id, new Date(Date.now() - ageDays * DAY), CALL_ID],
      );
      return id;
    };
    const old = [await keep(31), await keep(90)];
    const young = [await keep(29), await keep(0)];
    const pruner = new RetentionPruner(url, `test-${randomUUID()}`, rulesRetention(config).targets, {
      batchSize: 2,
      maxBatches: 10,
    });
    expect((await pruner.runOnce())!['rules.kept_dispositions'].deleted).toBeGreaterThanOrEqual(2);
    const left = (
      (await rules.query(`SELECT event_id FROM rules.kept_dispositions WHERE event_id = ANY($1::uuid[])`, [
        [...old, ...young],
      ])) as { event_id: string }[]
    ).map((row) => row.event_id);
    expect(left.sort()).toEqual([...young].sort());
  });

  it('lets only one instance prune at a time: a held lock makes the other skip its run', async () => {
    const lockName = `test-${randomUUID()}`;
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock(hashtext($1))`, [lockName]);
      const doomed = await deliveryAged('delivered', 50);
      const pruner = new RetentionPruner(url, lockName, deliveryRetention(config).targets, {
        batchSize: 100,
        maxBatches: 10,
      });
      expect(await pruner.runOnce()).toBeNull();
      expect(await existing([doomed])).toEqual([doomed]);

      await other.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockName]);
      expect((await pruner.runOnce())!['delivery.deliveries'].deleted).toBeGreaterThanOrEqual(1);
      expect(await existing([doomed])).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it('frees its lock with its session, even when a run fails', async () => {
    const lockName = `test-${randomUUID()}`;
    const failing = new RetentionPruner(
      url,
      lockName,
      [
        {
          name: 'broken',
          maxAgeMs: DAY,
          sql: 'SELECT * FROM delivery.no_such_table WHERE $1::timestamptz IS NULL LIMIT $2',
        },
      ],
      { batchSize: 10, maxBatches: 10 },
    );
    await expect(failing.runOnce()).rejects.toThrow();
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      const sessions = await other.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1`, [
        lockName,
      ]);
      expect(sessions.rowCount).toBe(0);
      const { rows } = await other.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [lockName]);
      expect(rows[0].locked).toBe(true);
    } finally {
      await other.end();
    }
  });

  it('deletes nothing once told to stop', async () => {
    const doomed = await deliveryAged('delivered', 70);
    const pruner = new RetentionPruner(url, `test-${randomUUID()}`, deliveryRetention(config).targets, {
      batchSize: 10,
      maxBatches: 10,
    });
    expect((await pruner.runOnce(new Date(), AbortSignal.abort()))!['delivery.deliveries']).toEqual({
      deleted: 0,
      batches: 0,
      complete: false,
    });
    expect(await existing([doomed])).toEqual([doomed]);
  });
});
