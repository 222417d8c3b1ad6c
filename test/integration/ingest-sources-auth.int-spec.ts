import { createHmac, randomUUID } from 'node:crypto';
import { type Disposition, Topic } from '@postback/contracts';
import { type ServiceProcess } from '@postback/testing';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';
import { TopicReader } from '../support/topic-reader';

/** Ingest's sources, keys and intake authentication, as a real process on the real stack. */
describe('ingest sources and authentication', () => {
  const dispositions = new TopicReader<Disposition>(Topic.Dispositions);
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;

  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${client.baseUrl}/v1/postback?${query}`, { headers });
  const withKey = (key: string, extra: Record<string, string> = {}) => ({ 'x-api-key': key, ...extra });
  const newCall = () => `int-${randomUUID()}`;

  beforeAll(async () => {
    ({ ingest, client } = await startIngest({ INGEST_TRUSTED_PROXIES: '127.0.0.1/32,::1' }));
    source = await client.createSource({
      name: 'Acme dialer',
      disposition_map: { 'SALE - CLOSED': 'Sale', 'Qualified  lead': 'Qualified Lead' },
    });
    await dispositions.start();
  }, 180_000);

  afterAll(async () => {
    await dispositions.stop();
    await ingest.stop();
  }, 60_000);

  describe('sources (admin)', () => {
    it('refuses admin routes without the admin token', async () => {
      const response = await fetch(`${client.baseUrl}/v1/sources`);
      expect(response.status).toBe(401);
    });

    it('creates a source with a first key shown once, and lists it without any key', async () => {
      expect(source).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Acme dialer',
        enabled: true,
        ip_allowlist: [],
        disposition_map: { 'sale - closed': 'Sale', 'qualified lead': 'Qualified Lead' },
        signature_required: false,
        api_key: { key: expect.stringMatching(/^pk_/), prefix: source.api_key.key.slice(0, 9) },
      });
      const listed = await (await client.admin('/v1/sources')).text();
      expect(listed).toContain(source.id);
      expect(listed).not.toContain(source.api_key.key);
      const keys = await (await client.admin(`/v1/sources/${source.id}/api-keys`)).text();
      expect(keys).toContain(source.api_key.prefix);
      expect(keys).not.toContain(source.api_key.key);
    });

    it('names each bad field of a source', async () => {
      const response = await client.admin('/v1/sources', 'POST', {
        ip_allowlist: ['10.0.0.0/33'],
        disposition_map: { Sale: '' },
      });
      expect(response.status).toBe(400);
      expect((await response.json()) as object).toMatchObject({
        error: 'validation_failed',
        fields: [
          { field: 'name', problem: 'is required' },
          { field: 'ip_allowlist[0]', problem: 'must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32' },
          { field: 'disposition_map.Sale', problem: 'must map to a disposition' },
        ],
      });
    });

    it('rotates keys: several active at once, a revoked one refused at once', async () => {
      const rotating = await client.createSource({ name: 'rotating' });
      const issued = await client.admin(`/v1/sources/${rotating.id}/api-keys`, 'POST');
      expect(issued.status).toBe(201);
      const second = (await issued.json()) as { id: string; key: string };
      for (const key of [rotating.api_key.key, second.key]) {
        expect((await get(`call_id=${newCall()}&disposition=Sale`, withKey(key))).status).toBe(202);
      }
      const revoked = await client.admin(
        `/v1/sources/${rotating.id}/api-keys/${rotating.api_key.id}`,
        'DELETE',
      );
      expect(revoked.status).toBe(204);
      expect((await get(`call_id=${newCall()}&disposition=Sale`, withKey(rotating.api_key.key))).status).toBe(
        401,
      );
      expect((await get(`call_id=${newCall()}&disposition=Sale`, withKey(second.key))).status).toBe(202);
      expect(
        (await client.admin(`/v1/sources/${rotating.id}/api-keys/${rotating.api_key.id}`, 'DELETE')).status,
      ).toBe(404);
    });
  });

  describe('authentication', () => {
    it('answers 401 alike for a missing and an unknown key, and counts both', async () => {
      const missing = await get(`call_id=${newCall()}&disposition=Sale`);
      const unknown = await get(`call_id=${newCall()}&disposition=Sale&api_key=pk_not-a-key`);
      expect([missing.status, unknown.status]).toEqual([401, 401]);
      expect(await missing.json()).toEqual(await unknown.json());
      const metrics = await (await fetch(`${client.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/postback_ingest_auth_failures_total\{reason="missing_key"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/postback_ingest_auth_failures_total\{reason="unknown_key"[^}]*\} [1-9]/);
    });

    it('takes the key as a query parameter for URL-only dialers, and never forwards it', async () => {
      const callId = newCall();
      const response = await get(`call_id=${callId}&disposition=Sale&api_key=${source.api_key.key}&agent=a7`);
      expect(response.status).toBe(202);
      const [message] = await dispositions.waitFor((m) => m.value.call_id === callId);
      expect(message.value.custom_fields).toEqual({ agent: 'a7' });
      expect(message.value.source_id).toBe(source.id);
    });

    it('answers 403 for a disabled source', async () => {
      const disabled = await client.createSource({ name: 'to disable' });
      const patched = await client.admin(`/v1/sources/${disabled.id}`, 'PATCH', { enabled: false });
      expect(((await patched.json()) as { enabled: boolean }).enabled).toBe(false);
      const response = await get(`call_id=${newCall()}&disposition=Sale`, withKey(disabled.api_key.key));
      expect(response.status).toBe(403);
    });

    it('checks the IP allow-list against the forwarded address only behind a trusted proxy', async () => {
      const listed = await client.createSource({
        name: 'allow-listed',
        ip_allowlist: ['203.0.113.0/24', '2001:db8::/32'],
      });
      const send = (forwarded: string) =>
        get(
          `call_id=${newCall()}&disposition=Sale`,
          withKey(listed.api_key.key, { 'x-forwarded-for': forwarded }),
        );
      expect((await send('203.0.113.9')).status).toBe(202);
      expect((await send('2001:db8::5')).status).toBe(202);
      expect((await send('198.51.100.1')).status).toBe(403);
      expect((await send('203.0.113.9, 198.51.100.1')).status).toBe(403);
    });

    it('requires a valid Standard Webhooks signature once the source has a signing secret', async () => {
      const signed = await client.createSource({ name: 'signed' });
      const issued = await client.admin(`/v1/sources/${signed.id}/signing-secret`, 'POST');
      const { signing_secret: secret } = (await issued.json()) as { signing_secret: string };
      expect(secret).toMatch(/^whsec_/);
      const body = JSON.stringify({ call_id: newCall(), disposition: 'Sale' });
      const sign = (timestamp: number, payload = body) =>
        `v1,${createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
          .update(`msg_1.${timestamp}.${payload}`)
          .digest('base64')}`;
      const post = (headers: Record<string, string>) =>
        client.postJson('/v1/dispositions', signed.api_key.key, JSON.parse(body), headers);
      const now = Math.floor(Date.now() / 1000);

      expect((await post({})).status).toBe(401);
      const stale = await post({
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(now - 400),
        'webhook-signature': sign(now - 400),
      });
      expect(stale.status).toBe(401);
      const forged = await post({
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(now),
        'webhook-signature': sign(now, '{}'),
      });
      expect(forged.status).toBe(401);
      const good = await post({
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(now),
        'webhook-signature': sign(now),
      });
      expect(good.status).toBe(202);
    });
  });

  it('answers 429 with Retry-After when a source exceeds its rate', async () => {
    const slow = await client.createSource({ name: 'slow', rate_limit_per_second: 1 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const response = await get(`call_id=${newCall()}&disposition=Sale`, withKey(slow.api_key.key));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses[0]).toBe(202);
    expect(statuses).toContain(429);
    expect(retryAfter).toBe('1');
  });

  it('serves its OpenAPI document, naming every intake and admin route', async () => {
    const document = (await (await fetch(`${client.baseUrl}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths).sort()).toEqual([
      '/health/live',
      '/health/ready',
      '/metrics',
      '/openapi.json',
      '/v1/call-events',
      '/v1/dispositions',
      '/v1/ledger/accepted',
      '/v1/ledger/accepted/minutes',
      '/v1/postback',
      '/v1/sources',
      '/v1/sources/{id}',
      '/v1/sources/{id}/api-keys',
      '/v1/sources/{id}/api-keys/{keyId}',
      '/v1/sources/{id}/signing-secret',
    ]);
    expect(Object.keys(document.paths['/v1/postback']).sort()).toEqual(['get', 'post']);
  });
});
