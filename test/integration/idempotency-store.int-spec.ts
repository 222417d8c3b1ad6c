import { randomUUID } from 'node:crypto';
import { type Config } from '@postback/config';
import { RetentionPruner } from '@postback/db';
import { ingestRetention } from '../../apps/ingest/src/ingest-retention';
import { IdempotencyStore } from '../../apps/ingest/src/idempotency/idempotency.store';
import { INGEST_MIGRATIONS } from '../../apps/ingest/src/migrations/ingest-migrations';
import { migratedSchema } from '../support/migrated-schema';

/** Ingest's dedup store against the real PostgreSQL: claims, repeats, expiry, purge. */
describe('IdempotencyStore', () => {
  const url = process.env.DATABASE_URL!;
  const dataSource = migratedSchema('ingest', INGEST_MIGRATIONS);
  const windowMs = 600_000;
  const config = {
    ingest: { idempotencyWindowMs: windowMs },
    retention: { intervalMs: 3_600_000, rulesProcessedMs: 30 * 86_400_000 },
  } as Config;
  const store = new IdempotencyStore(dataSource, config);
  const ref = (id: string) => [{ event_id: id, call_id: `call-${id}` }];
  const age = (source: string, key: string, seconds: number) =>
    dataSource.query(
      `UPDATE ingest.idempotency_keys SET created_at = now() - make_interval(secs => $3) WHERE source_id = $1 AND idem_key = $2`,
      [source, key, seconds],
    );

  it('claims a key once, and records what it stands for', async () => {
    const source = randomUUID();
    const [first, second] = await Promise.all([
      store.claim(source, [{ key: 'k1', events: ref('e1') }]),
      store.claim(source, [{ key: 'k1', events: ref('e2') }]),
    ]);
    expect([first.has('k1'), second.has('k1')].sort()).toEqual([false, true]);
    const winner = first.has('k1') ? 'e1' : 'e2';
    expect((await store.recorded(source, ['k1'])).get('k1')).toEqual({
      state: 'pending',
      events: ref(winner),
      requestHash: null,
    });
    await store.confirm(source, ['k1']);
    expect((await store.recorded(source, ['k1'])).get('k1')?.state).toBe('done');
    expect((await store.claim(source, [{ key: 'k1', events: ref('e3') }])).size).toBe(0);
  });

  it('answers a key as done while its confirmation is still being stored, and stores it', async () => {
    const source = randomUUID();
    await store.claim(source, [{ key: 'k', events: ref('e') }]);
    const confirmed = store.confirm(source, ['k']);
    expect((await store.recorded(source, ['k'])).get('k')).toEqual({
      state: 'done',
      events: ref('e'),
      requestHash: null,
    });
    await store.settled();
    const rows = await dataSource.query(`SELECT state FROM ingest.idempotency_keys WHERE source_id = $1`, [
      source,
    ]);
    expect(rows).toEqual([{ state: 'done' }]);
    await expect(confirmed).resolves.toBeUndefined();
  });

  it('keeps keys of different sources apart', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect((await store.claim(a, [{ key: 'same', events: ref('a') }])).has('same')).toBe(true);
    expect((await store.claim(b, [{ key: 'same', events: ref('b') }])).has('same')).toBe(true);
  });

  it('releases a pending claim, so the retry can claim it, but never a confirmed one', async () => {
    const source = randomUUID();
    await store.claim(source, [
      { key: 'failed', events: ref('f') },
      { key: 'stored', events: ref('s') },
    ]);
    await store.confirm(source, ['stored']);
    await store.release(source, ['failed', 'stored']);
    const recorded = await store.recorded(source, ['failed', 'stored']);
    expect([...recorded.keys()]).toEqual(['stored']);
    expect((await store.claim(source, [{ key: 'failed', events: ref('f2') }])).has('failed')).toBe(true);
  });

  it('takes over a claim gone stale, and a record past the window; purges expired records', async () => {
    const source = randomUUID();
    await store.claim(source, [
      { key: 'stale', events: ref('x') },
      { key: 'old', events: ref('y') },
    ]);
    await store.confirm(source, ['old']);
    await age(source, 'stale', 61);
    await age(source, 'old', 59);
    const retaken = await store.claim(source, [
      { key: 'stale', events: ref('x2') },
      { key: 'old', events: ref('y2') },
    ]);
    expect([...retaken]).toEqual(['stale']);
    await age(source, 'old', windowMs / 1000 + 1);
    const pruner = new RetentionPruner(url, 'test-ingest', ingestRetention(config).targets, {
      batchSize: 100,
      maxBatches: 100,
    });
    expect((await pruner.runOnce())!['ingest.idempotency_keys'].deleted).toBeGreaterThanOrEqual(1);
    expect((await store.recorded(source, ['old'])).size).toBe(0);
  });
});
