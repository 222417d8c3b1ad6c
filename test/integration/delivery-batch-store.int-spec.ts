import { randomUUID } from 'node:crypto';
import { DataSource, type Logger } from 'typeorm';
import { ensureDatabase, migrate } from '@postback/db';
import {
  type AttemptToRecord,
  DeliveryBatchStore,
} from '../../apps/delivery/src/deliveries/delivery-batch.store';
import { CreateDeliveryTables1764460900000 } from '../../apps/delivery/src/migrations/1764460900000-create-delivery-tables';
import { RetriesSigningAndAttemptDetail1764500000000 } from '../../apps/delivery/src/migrations/1764500000000-retries-signing-and-attempt-detail';
import { EndpointMissingMacroPolicy1764510000000 } from '../../apps/delivery/src/migrations/1764510000000-endpoint-missing-macro-policy';
import { RetentionIndex1764600000000 } from '../../apps/delivery/src/migrations/1764600000000-retention-index';
import { AttemptResponseBodyBytes1764700000000 } from '../../apps/delivery/src/migrations/1764700000000-attempt-response-body-bytes';
import { WaitingDeliveriesIndex1764800000000 } from '../../apps/delivery/src/migrations/1764800000000-waiting-deliveries-index';
import { EndpointLimits1765000000000 } from '../../apps/delivery/src/migrations/1765000000000-endpoint-limits';
import { BackupEndpoints1765100000000 } from '../../apps/delivery/src/migrations/1765100000000-backup-endpoints';

/** Marks this test's rows, so that rows an aborted earlier run left behind can be found. */
const CALL_ID = 'call-batch-store-test';

/** DeliveryBatchStore.recordAll against the real PostgreSQL. */
describe('the set-based recording of attempts', () => {
  const url = process.env.DATABASE_URL!;
  let statements = 0;
  const counting: Logger = {
    logQuery: () => void statements++,
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: 'delivery',
    migrations: [
      CreateDeliveryTables1764460900000,
      RetriesSigningAndAttemptDetail1764500000000,
      EndpointMissingMacroPolicy1764510000000,
      RetentionIndex1764600000000,
      AttemptResponseBodyBytes1764700000000,
      WaitingDeliveriesIndex1764800000000,
      EndpointLimits1765000000000,
      BackupEndpoints1765100000000,
    ],
    migrationsTableName: 'migrations',
    logging: true,
    logger: counting,
  });
  const store = new DeliveryBatchStore(dataSource);
  const endpointId = randomUUID();

  async function removeOwnRows(): Promise<void> {
    await dataSource.query(
      `DELETE FROM delivery.delivery_attempts WHERE delivery_id IN
         (SELECT delivery_id FROM delivery.deliveries WHERE call_id = $1)`,
      [CALL_ID],
    );
    await dataSource.query(`DELETE FROM delivery.deliveries WHERE call_id = $1`, [CALL_ID]);
    await dataSource.query(
      `DELETE FROM delivery.endpoints e WHERE name = 'batch store test'
         AND NOT EXISTS (SELECT 1 FROM delivery.deliveries d WHERE d.endpoint_id = e.id)`,
    );
  }

  beforeAll(async () => {
    await ensureDatabase(url);
    await migrate(dataSource, url, 'delivery');
    await removeOwnRows();
    await dataSource.query(
      // Inactive: the database is shared with the services other tests run.
      `INSERT INTO delivery.endpoints (id, name, url_template, method, scope_type, filter, active)
       VALUES ($1, 'batch store test', 'https://example.test/pb', 'GET', 'global',
               '{"types": [], "min_value": null, "upgrades": false, "reversals": false}', false)`,
      [endpointId],
    );
  });

  afterAll(async () => {
    await removeOwnRows();
    await dataSource.destroy();
  });

  /** A pending delivery with `attempts` made; answers what the caller saw of it (0 attempts). */
  async function pending(attempts = 0): Promise<AttemptToRecord['delivery']> {
    const deliveryId = randomUUID();
    await dataSource.query(
      `INSERT INTO delivery.deliveries (delivery_id, decision_id, endpoint_id, call_id, status, attempts)
       VALUES ($1, $2, $3, $4, 'pending', $5)`,
      [deliveryId, randomUUID(), endpointId, CALL_ID, attempts],
    );
    return { deliveryId, attempts: 0 } as AttemptToRecord['delivery'];
  }

  function attempt(delivery: AttemptToRecord['delivery'], status: number, next: AttemptToRecord['next']) {
    return {
      delivery,
      next,
      attempt: {
        request: { method: 'GET', url: 'https://example.test/pb?x=1', headers: {}, body: null },
        result: {
          status,
          body: `answer ${status}`,
          durationMs: 7,
          failure: null,
        },
        errorClass: status < 300 ? null : 'http_5xx',
        source: 'conversions.v1',
        target: 'backup',
      },
    } as AttemptToRecord;
  }

  it('records, in one statement, the attempts whose delivery had not moved on, and only theirs', async () => {
    const delivered = await pending();
    const movedOn = await pending(1); // another handler recorded an attempt since it was read
    const retrying = await pending();
    const retryAt = new Date(Date.now() + 60_000);
    statements = 0;
    const recorded = await store.recordAll([
      attempt(delivered, 200, { status: 'delivered' }),
      attempt(movedOn, 200, { status: 'delivered' }),
      attempt(retrying, 503, { status: 'retrying', nextAttemptAt: retryAt, error: 'HTTP 503' }),
    ]);

    expect(statements).toBe(1); // no BEGIN, UPDATE, INSERT, COMMIT round trips
    expect([...recorded].sort()).toEqual([delivered.deliveryId, retrying.deliveryId].sort());
    const deliveries: { delivery_id: string; status: string; attempts: number; delivered: boolean }[] =
      await dataSource.query(
        `SELECT delivery_id, status, attempts, delivered_at IS NOT NULL AS delivered
         FROM delivery.deliveries WHERE delivery_id = ANY($1::uuid[])`,
        [[delivered.deliveryId, movedOn.deliveryId, retrying.deliveryId]],
      );
    const byId = new Map(deliveries.map((row) => [row.delivery_id, row]));
    expect(byId.get(delivered.deliveryId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      delivered: true,
    });
    expect(byId.get(movedOn.deliveryId)).toMatchObject({ status: 'pending', attempts: 1, delivered: false });
    expect(byId.get(retrying.deliveryId)).toMatchObject({
      status: 'retrying',
      attempts: 1,
      delivered: false,
    });
    const attempts: { delivery_id: string; attempt_no: number; status_code: number; target: string }[] =
      await dataSource.query(
        `SELECT delivery_id, attempt_no, status_code, target FROM delivery.delivery_attempts
         WHERE delivery_id = ANY($1::uuid[]) ORDER BY status_code`,
        [[delivered.deliveryId, movedOn.deliveryId, retrying.deliveryId]],
      );
    expect(attempts).toEqual([
      { delivery_id: delivered.deliveryId, attempt_no: 1, status_code: 200, target: 'backup' },
      { delivery_id: retrying.deliveryId, attempt_no: 1, status_code: 503, target: 'backup' },
    ]);
  });
});
