import { randomUUID } from 'node:crypto';
import { type Disposition, Topic } from '@postback/contracts';
import { type ServiceProcess } from '@postback/testing';
import { startTestKafka, stopTestKafka } from '../infra/local-stack';
import { type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';
import { TopicReader } from '../support/topic-reader';

/**
 * Backpressure against the real broker: with Kafka stopped, ingest answers 503 with
 * Retry-After and stores nothing; once Kafka is back, the client's retries are taken and
 * every event answered 202 is in the topic exactly once.
 */
describe('ingest while Kafka is down', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let key: string;

  beforeAll(async () => {
    if (process.env.POSTBACK_TEST_INFRA !== 'local-stack') {
      throw new Error(
        'this test stops and starts the broker of the embedded test stack; run it on the local stack',
      );
    }
    ({ ingest, client } = await startIngest());
    key = (await client.createSource({ name: 'outage' })).api_key.key;
  }, 180_000);

  afterAll(async () => {
    await ingest?.stop();
  }, 60_000);

  it('answers 503 with Retry-After, then takes the retries, losing and doubling nothing', async () => {
    const run = randomUUID();
    const send = (index: number) =>
      client.postJson(
        '/v1/dispositions',
        key,
        { call_id: `outage-${run}-${index}`, disposition: 'Sale', value: String(index) },
        { 'idempotency-key': `${run}-${index}` },
      );
    const acceptedIds = new Map<number, string>();
    for (const index of [0, 1, 2]) {
      const response = await send(index);
      expect(response.status).toBe(202);
      acceptedIds.set(index, ((await response.json()) as { event_id: string }).event_id);
    }

    await stopTestKafka();
    try {
      for (const index of [3, 4]) {
        const refused = await send(index);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await refused.json()).toMatchObject({ error: 'unavailable' });
      }
    } finally {
      startTestKafka();
    }

    // The client retries after Retry-After until the broker takes the writes again.
    const deadline = Date.now() + 90_000;
    for (const index of [3, 4]) {
      for (;;) {
        const response = await send(index);
        if (response.status === 202) {
          const body = (await response.json()) as { event_id: string; status: string };
          expect(body.status).toBe('accepted');
          acceptedIds.set(index, body.event_id);
          break;
        }
        expect(response.status).toBe(503);
        if (Date.now() > deadline) throw new Error('ingest did not recover within 90 s');
        await new Promise((resolve) =>
          setTimeout(resolve, Number(response.headers.get('retry-after')) * 200),
        );
      }
    }
    // A replay of an event accepted before the outage is still recognised.
    expect(((await (await send(0)).json()) as { event_id: string }).event_id).toBe(acceptedIds.get(0));

    const reader = new TopicReader<Disposition>(Topic.Dispositions);
    await reader.start();
    try {
      const ours = await reader.waitFor((m) => m.value.call_id.startsWith(`outage-${run}-`), 5, 90_000);
      expect(ours.map((m) => m.value.event_id).sort()).toEqual([...acceptedIds.values()].sort());
    } finally {
      await reader.stop();
    }
  }, 300_000);
});
