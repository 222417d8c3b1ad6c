import { randomBytes, randomUUID } from 'node:crypto';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';

/** A flood of random API keys: bounded database lookups, and valid sources keep answering 202. */
describe('ingest under a flood of unknown API keys', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;

  const lookups = async (result: 'found' | 'unknown'): Promise<number> => {
    const text = await (await fetch(`${client.baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('postback_ingest_source_lookups_total{') && l.includes(`result="${result}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const send = (key: string) =>
    fetch(`${client.baseUrl}/v1/postback?call_id=flood-${randomUUID()}&disposition=Sale`, {
      headers: { 'x-api-key': key },
    });

  beforeAll(async () => {
    // A cache time longer than the test: a valid entry that went would have been pushed out.
    ({ ingest, client } = await startIngest({ INGEST_SOURCE_CACHE_MS: '600000' }));
    source = await client.createSource({ name: 'flooded dialer', rate_limit_per_second: 1000 });
  }, 180_000);

  afterAll(() => ingest.stop(), 60_000);

  it('looks up a bounded number of random keys, answers the rest 429, and keeps valid keys cached', async () => {
    expect((await send(source.api_key.key)).status).toBe(202);
    const [foundBefore, unknownBefore] = [await lookups('found'), await lookups('unknown')];
    const FLOOD = 2000;
    const statuses = new Map<number, number>();
    const valid: number[] = [];
    for (let sent = 0; sent < FLOOD; sent += 100) {
      const wave = Array.from({ length: 100 }, () => send(`pk_${randomBytes(24).toString('hex')}`));
      valid.push((await send(source.api_key.key)).status);
      for (const response of await Promise.all(wave))
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].sort()).toEqual([401, 429]);
    expect(valid.every((status) => status === 202)).toBe(true);
    // Lookups of unknown keys stop at the per-address limit (30 a minute), give or take one
    // wave in flight when it was reached; the valid key was never looked up again.
    const looked = (await lookups('unknown')) - unknownBefore;
    expect(looked).toBeGreaterThanOrEqual(30);
    expect(looked).toBeLessThanOrEqual(130);
    expect(foundBefore).toBe(1);
    expect((await lookups('found')) - foundBefore).toBe(0);
  });

  it('serves valid keys it never saw from an address over the limit (one proxy, many clients)', async () => {
    const guess = () => send(`pk_${randomBytes(24).toString('hex')}`);
    for (let i = 0; i < 40; i++) await guess();
    expect((await guess()).status).toBe(429);
    // A new source's key (never looked up) and, after the admin change cleared the cache, the
    // first source's: both served although their address is over the limit.
    const fresh = await client.createSource({ name: 'behind the same proxy' });
    const unknownBefore = await lookups('unknown');
    expect((await send(fresh.api_key.key)).status).toBe(202);
    expect((await send(source.api_key.key)).status).toBe(202);
    // Guesses are still refused, and none of them reached the database.
    expect((await guess()).status).toBe(429);
    expect((await lookups('unknown')) - unknownBefore).toBe(0);
  });
});
