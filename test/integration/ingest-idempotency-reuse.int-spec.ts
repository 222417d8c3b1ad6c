import { randomUUID } from 'node:crypto';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';

/** An Idempotency-Key is bound to the request it came with: another body under it is a 422. */
describe('ingest Idempotency-Key reuse', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;

  beforeAll(async () => {
    ({ ingest, client } = await startIngest());
    source = await client.createSource({ name: 'Reusing dialer' });
  }, 180_000);

  afterAll(() => ingest.stop(), 60_000);

  it('answers the same request again as a duplicate, and another body under the key with 422', async () => {
    const key = `reuse-${randomUUID()}`;
    const callId = `reuse-${randomUUID()}`;
    const first = await client.postJson(
      '/v1/dispositions',
      source.api_key.key,
      [{ call_id: callId, disposition: 'Sale', value: 10, currency: 'usd', custom_fields: { a: '1', b: 2 } }],
      { 'idempotency-key': key },
    );
    expect(first.status).toBe(202);
    const [accepted] = ((await first.json()) as { items: { event_id: string }[] }).items;
    // The same request in another form: other key order, `USD`, a number as text.
    const same = await client.postJson(
      '/v1/dispositions',
      source.api_key.key,
      [
        {
          custom_fields: { b: '2', a: '1' },
          currency: 'USD',
          value: '10',
          disposition: 'Sale',
          call_id: callId,
        },
      ],
      { 'idempotency-key': key },
    );
    expect(same.status).toBe(202);
    expect((await same.json()) as unknown).toEqual({
      items: [{ event_id: accepted.event_id, call_id: callId, status: 'duplicate' }],
    });
    const other = await client.postJson(
      '/v1/dispositions',
      source.api_key.key,
      [{ call_id: callId, disposition: 'Sale', value: 99 }],
      { 'idempotency-key': key },
    );
    expect(other.status).toBe(422);
    const body = (await other.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      error: 'idempotency_key_reused',
      idempotency_key: key,
      fields: [{ field: 'Idempotency-Key', problem: 'was already used with a different request body' }],
    });
    expect(body.message).toContain(key);
  });
});
