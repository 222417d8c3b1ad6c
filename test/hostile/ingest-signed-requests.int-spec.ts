import { createHmac, randomUUID } from 'node:crypto';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';

/** Signed intake: a GET's signature covers its path and query, and no signed request is taken twice. */
describe('ingest signed requests', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;
  let secret: string;
  const sign = (id: string, timestamp: number, payload: string) =>
    `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`${id}.${timestamp}.${payload}`)
      .digest('base64')}`;
  const now = () => Math.floor(Date.now() / 1000);
  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${client.baseUrl}${path}`, { headers: { 'x-api-key': source.api_key.key, ...headers } });
  const signedHeaders = (id: string, timestamp: number, payload: string) => ({
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(id, timestamp, payload),
  });
  const message = async (response: Response) => ((await response.json()) as { message: string }).message;

  beforeAll(async () => {
    ({ ingest, client } = await startIngest());
    source = await client.createSource({ name: 'signing dialer' });
    const issued = await client.admin(`/v1/sources/${source.id}/signing-secret`, 'POST');
    ({ signing_secret: secret } = (await issued.json()) as { signing_secret: string });
  }, 180_000);

  afterAll(() => ingest.stop(), 60_000);

  it('GET signs its path and query: another query under the same signature is refused', async () => {
    const path = `/v1/postback?call_id=s-${randomUUID()}&disposition=Sale&value=10`;
    const at = now();
    const headers = signedHeaders(`msg_${randomUUID()}`, at, path);
    const tampered = await get(path.replace('value=10', 'value=99999'), headers);
    expect(tampered.status).toBe(401);
    // What the old check signed (the empty body) no longer passes either.
    const emptyBody = signedHeaders(`msg_${randomUUID()}`, at, '');
    expect((await get(path, emptyBody)).status).toBe(401);
    expect((await get(path, headers)).status).toBe(202);
  });

  it('GET takes the whole URL signed as delivery signs outbound GETs', async () => {
    const path = `/v1/postback?call_id=s-${randomUUID()}&disposition=Sale`;
    const url = new URL(path, client.baseUrl).href;
    expect((await get(path, signedHeaders(`msg_${randomUUID()}`, now(), url))).status).toBe(202);
  });

  it('refuses a replay of a signed request with 401 naming the replay', async () => {
    const path = `/v1/postback?call_id=s-${randomUUID()}&disposition=Sale`;
    const id = `msg_${randomUUID()}`;
    const at = now();
    expect((await get(path, signedHeaders(id, at, path))).status).toBe(202);
    const replay = await get(path, signedHeaders(id, at, path));
    expect(replay.status).toBe(401);
    expect(await message(replay)).toContain('replay');
    // The sender's own retry signs anew, with a fresh timestamp: taken (as a duplicate).
    expect((await get(path, signedHeaders(id, at + 1, path))).status).toBe(202);
    const body = JSON.stringify({ call_id: `s-${randomUUID()}`, disposition: 'Sale' });
    const postId = `msg_${randomUUID()}`;
    const post = () =>
      client.postJson(
        '/v1/dispositions',
        source.api_key.key,
        JSON.parse(body),
        signedHeaders(postId, at, body),
      );
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(401);
  });

  it('a signed request refused after its id was recorded (429) is taken when retried byte for byte', async () => {
    const slow = await client.createSource({ name: 'slow signing dialer', rate_limit_per_second: 1 });
    const issued = await client.admin(`/v1/sources/${slow.id}/signing-secret`, 'POST');
    const slowSecret = ((await issued.json()) as { signing_secret: string }).signing_secret;
    const signed = (body: string) => {
      const [id, at] = [`msg_${randomUUID()}`, now()];
      const signature = createHmac('sha256', Buffer.from(slowSecret.slice(6), 'base64'))
        .update(`${id}.${at}.${body}`)
        .digest('base64');
      const headers = {
        'webhook-id': id,
        'webhook-timestamp': String(at),
        'webhook-signature': `v1,${signature}`,
      };
      return () => client.postJson('/v1/dispositions', slow.api_key.key, JSON.parse(body), headers);
    };
    const first = signed(JSON.stringify({ call_id: `s-${randomUUID()}`, disposition: 'Sale' }));
    const second = signed(JSON.stringify({ call_id: `s-${randomUUID()}`, disposition: 'Sale' }));
    expect((await first()).status).toBe(202);
    expect((await second()).status).toBe(429);
    // The client retries the very same bytes once the limit lets it: taken, not a replay.
    const deadline = Date.now() + 10_000;
    let retried = await second();
    while (retried.status === 429 && Date.now() < deadline) retried = await second();
    expect(retried.status).toBe(202);
    // Taken now, it is used up: the same bytes again are a replay.
    expect((await second()).status).toBe(401);
  });

  it('refuses a signed POST whose query carries fields the body signature does not cover', async () => {
    const body = JSON.stringify({ call_id: `s-${randomUUID()}`, disposition: 'Sale' });
    const response = await client.postJson(
      '/v1/postback?value=500',
      source.api_key.key,
      JSON.parse(body),
      signedHeaders(`msg_${randomUUID()}`, now(), body),
    );
    expect(response.status).toBe(401);
    expect(await message(response)).toContain('query');
  });
});
