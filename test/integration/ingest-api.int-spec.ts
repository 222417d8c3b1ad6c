import { createHmac, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { type CallEvent, type Disposition, Topic } from '@postback/contracts';
import { ServiceProcess, freePort } from '@postback/testing';
import { type CreatedSource, IngestClient } from '../support/ingest-client';
import { TopicReader } from '../support/topic-reader';

/** The ingest service as a real process against the real Kafka, registry and PostgreSQL. */
describe('ingest API', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `int-admin-${randomUUID()}`;
  const callerHashKey = `caller-key-${randomUUID()}`;
  const signingSecretKey = `signing-key-${randomUUID()}`;
  const dispositions = new TopicReader<Disposition>(Topic.Dispositions);
  const callEvents = new TopicReader<CallEvent>(Topic.CallEvents);
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;

  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${client.baseUrl}/v1/postback?${query}`, { headers });
  const withKey = (key: string, extra: Record<string, string> = {}) => ({ 'x-api-key': key, ...extra });
  const newCall = () => `int-${randomUUID()}`;

  beforeAll(async () => {
    const port = await freePort();
    ingest = new ServiceProcess(
      'ingest',
      port,
      {
        ...process.env,
        ADMIN_TOKEN: adminToken,
        INGEST_PORT: String(port),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
        DATABASE_URL: process.env.DATABASE_URL!,
        INGEST_BODY_LIMIT_BYTES: '16384',
        INGEST_TRUSTED_PROXIES: '127.0.0.1/32,::1',
        INGEST_CALLER_HASH_KEY: callerHashKey,
        INGEST_SIGNING_SECRET_KEY: signingSecretKey,
        LOG_LEVEL: 'info',
      },
      root,
    );
    ingest.start();
    await ingest.ready();
    client = new IngestClient(ingest, adminToken);
    source = await client.createSource({
      name: 'Acme dialer',
      disposition_map: { 'SALE - CLOSED': 'Sale', 'Qualified  lead': 'Qualified Lead' },
    });
    await Promise.all([dispositions.start(), callEvents.start()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([dispositions.stop(), callEvents.stop()]);
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

  describe('dispositions', () => {
    it('maps labels case- and space-insensitively, keeping and flagging unknown ones', async () => {
      const [known, unknown] = [newCall(), newCall()];
      expect(
        (await get(`call_id=${known}&disposition=sale%20-%20%20closed`, withKey(source.api_key.key))).status,
      ).toBe(202);
      expect((await get(`call_id=${unknown}&disposition=Callback`, withKey(source.api_key.key))).status).toBe(
        202,
      );
      const [mapped] = await dispositions.waitFor((m) => m.value.call_id === known);
      const [flagged] = await dispositions.waitFor((m) => m.value.call_id === unknown);
      expect(mapped.value).toMatchObject({
        disposition: 'Sale',
        raw_disposition: 'sale -  closed',
        disposition_mapped: true,
      });
      expect(flagged.value).toMatchObject({
        disposition: 'Callback',
        raw_disposition: 'Callback',
        disposition_mapped: false,
      });
      expect(mapped.key).toBe(known);
    });

    it('takes POST /v1/postback as a form and as JSON', async () => {
      const [form, json] = [newCall(), newCall()];
      const byForm = await fetch(`${client.baseUrl}/v1/postback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': source.api_key.key },
        body: `call_id=${form}&disposition=Sale&value=12.5&currency=usd`,
      });
      expect(byForm.status).toBe(202);
      const byJson = await client.postJson('/v1/postback', source.api_key.key, {
        call_id: json,
        disposition: 'Sale',
        value: 7,
      });
      expect(byJson.status).toBe(202);
      const [formEvent] = await dispositions.waitFor((m) => m.value.call_id === form);
      expect(formEvent.value).toMatchObject({ value: '12.5', currency: 'USD' });
      await dispositions.waitFor((m) => m.value.call_id === json);
    });

    it('answers 400 naming each bad field, and produces nothing for a bad batch', async () => {
      const good = newCall();
      const response = await client.postJson('/v1/dispositions', source.api_key.key, [
        { call_id: good, disposition: 'Sale' },
        { call_id: newCall(), disposition: 'Sale', value: 'ten' },
      ]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        fields: [{ field: '[1].value', problem: 'must be a non-negative decimal with at most 4 decimals' }],
      });
      const marker = newCall();
      expect((await get(`call_id=${marker}&disposition=Sale`, withKey(source.api_key.key))).status).toBe(202);
      await dispositions.waitFor((m) => m.value.call_id === marker);
      expect(dispositions.messages.filter((m) => m.value.call_id === good)).toEqual([]);
    });

    it('answers 415 to an unsupported content type and 413 above the body limit', async () => {
      const text = await fetch(`${client.baseUrl}/v1/dispositions`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-api-key': source.api_key.key },
        body: 'call_id=x',
      });
      expect(text.status).toBe(415);
      const big = await client.postJson('/v1/dispositions', source.api_key.key, {
        call_id: newCall(),
        disposition: 'Sale',
        note: 'x'.repeat(20_000),
      });
      expect(big.status).toBe(413);
    });
  });

  describe('idempotency', () => {
    it('answers a replayed Idempotency-Key with the original event id and produces nothing new', async () => {
      const callId = newCall();
      const body = { call_id: callId, disposition: 'Sale', value: '10' };
      const headers = { 'idempotency-key': `key-${randomUUID()}` };
      const first = await client.postJson('/v1/dispositions', source.api_key.key, body, headers);
      const replay = await client.postJson(
        '/v1/dispositions',
        source.api_key.key,
        { ...body, value: '99' },
        headers,
      );
      expect([first.status, replay.status]).toEqual([202, 202]);
      const original = (await first.json()) as { event_id: string };
      expect(original).toMatchObject({ call_id: callId, status: 'accepted' });
      expect(await replay.json()).toEqual({
        event_id: original.event_id,
        call_id: callId,
        status: 'duplicate',
      });
      // Same call, same partition: once the marker is read, anything the replay produced would be too.
      expect((await get(`call_id=${callId}&disposition=Other`, withKey(source.api_key.key))).status).toBe(
        202,
      );
      await dispositions.waitFor((m) => m.value.call_id === callId && m.value.disposition === 'Other');
      expect(
        dispositions.messages.filter((m) => m.value.call_id === callId).map((m) => m.value.event_id),
      ).toEqual([original.event_id, expect.any(String)]);
    });

    it('derives an id from source, call, disposition and timestamp, and remembers it across a restart', async () => {
      const callId = newCall();
      const query = `call_id=${callId}&disposition=SALE%20-%20closed&timestamp=1796033700`;
      const first = (await (await get(query, withKey(source.api_key.key))).json()) as { event_id: string };
      const again = await get(
        query.replace('SALE%20-%20closed', 'sale - closed'),
        withKey(source.api_key.key),
      );
      expect(await again.json()).toEqual({ event_id: first.event_id, call_id: callId, status: 'duplicate' });

      await ingest.stop();
      ingest.start();
      await ingest.ready();
      const afterRestart = await get(query, withKey(source.api_key.key));
      expect(afterRestart.status).toBe(202);
      expect(await afterRestart.json()).toEqual({
        event_id: first.event_id,
        call_id: callId,
        status: 'duplicate',
      });
      const later = await get(
        `call_id=${callId}&disposition=Sale&timestamp=1796033800`,
        withKey(source.api_key.key),
      );
      expect(((await later.json()) as { status: string }).status).toBe('accepted');
    }, 120_000);
  });

  describe('call events', () => {
    it('produces a batch with the caller number only as a keyed hash of its E.164 form', async () => {
      const callId = newCall();
      const response = await client.postJson('/v1/call-events', source.api_key.key, [
        {
          type: 'started',
          call_id: callId,
          campaign_id: 'camp-1',
          caller_number: '(415) 555-2671',
          timestamp: 1796033700,
        },
        {
          type: 'ended',
          call_id: callId,
          campaign_id: 'camp-1',
          duration_seconds: 95,
          publisher_id: 'pub-9',
        },
      ]);
      expect(response.status).toBe(202);
      const { items } = (await response.json()) as { items: { event_id: string; status: string }[] };
      expect(items.map((item) => item.status)).toEqual(['accepted', 'accepted']);
      const [started, ended] = await callEvents.waitFor((m) => m.value.call_id === callId, 2);
      expect(started.value).toMatchObject({
        event_id: items[0].event_id,
        type: 'started',
        source_id: source.id,
        caller_hash: createHmac('sha256', callerHashKey).update('+14155552671').digest('hex'),
        occurred_at: new Date(1796033700 * 1000),
      });
      expect(JSON.stringify(started)).not.toMatch(/4155552671/);
      expect(ended.value).toMatchObject({
        type: 'ended',
        duration_seconds: 95,
        publisher_id: 'pub-9',
        caller_hash: null,
      });
    });

    it('names a caller number that is not one, without repeating it', async () => {
      const response = await client.postJson('/v1/call-events', source.api_key.key, [
        { type: 'started', call_id: newCall(), campaign_id: 'c', caller_number: '555-CALL-NOW' },
        { type: 'paused', call_id: newCall() },
      ]);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { fields: { field: string }[] };
      expect(body.fields.map((f) => f.field)).toEqual(['[1].type', '[1].campaign_id']);
      const phone = await client.postJson('/v1/call-events', source.api_key.key, [
        { type: 'started', call_id: newCall(), campaign_id: 'c', caller_number: '555-CALL-NOW' },
      ]);
      expect(phone.status).toBe(400);
      const text = await phone.text();
      expect(text).toContain('[0].caller_number');
      expect(text).not.toContain('555-CALL-NOW');
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
      '/v1/call-events',
      '/v1/dispositions',
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
