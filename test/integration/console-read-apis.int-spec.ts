import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ServiceProcess, freePort } from '@postback/testing';
import { eventually } from '../support/topic-client';

/**
 * The read APIs the web console added, against the compiled services on the real stack: the
 * browser tests use them with data; here their contracts, refusals and empty answers.
 */
describe('the read APIs behind the web console', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `console-apis-${randomUUID()}`;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  let delivery: ServiceProcess;
  let rules: ServiceProcess;
  let ingest: ServiceProcess;

  beforeAll(async () => {
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      DELIVERY_PORT: String(await freePort()),
      RULES_PORT: String(await freePort()),
      INGEST_PORT: String(await freePort()),
    };
    delivery = new ServiceProcess('delivery', Number(env.DELIVERY_PORT), env, root);
    rules = new ServiceProcess('rules', Number(env.RULES_PORT), env, root);
    ingest = new ServiceProcess('ingest', Number(env.INGEST_PORT), env, root);
    delivery.start();
    rules.start();
    ingest.start();
    await Promise.all([delivery.ready(), rules.ready(), ingest.ready()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([delivery?.stop(), rules?.stop(), ingest?.stop()]);
  }, 60_000);

  const post = (url: string, body: unknown, headers: Record<string, string> = admin) =>
    fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });

  it('lints a template with the span of each problem and the known names', async () => {
    const template = 'https://x.test/p?c={cal_id}&t={timestamp|unx}&v={conversion_value|cents}';
    const response = await post(`${delivery.baseUrl}/v1/templates/lint`, { template });
    expect(response.status).toBe(200);
    const lint = (await response.json()) as { problems: unknown[]; macros: string[]; formatters: string[] };
    expect(lint.problems).toEqual([
      { position: 19, length: 8, problem: 'unknown macro "cal_id"' },
      { position: 30, length: 15, problem: 'unknown formatter "unx"' },
    ]);
    expect(lint.macros).toContain('call_id');
    expect(lint.formatters).toContain('cents');

    const missing = await post(`${delivery.baseUrl}/v1/templates/lint`, {});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ fields: [{ field: 'template', problem: 'is required' }] });
    const anonymous = await post(`${delivery.baseUrl}/v1/templates/lint`, { template }, {});
    expect(anonymous.status).toBe(401);
  });

  it('renders an unsaved endpoint for the sample decision, secrets redacted, refusing a typo by field', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const response = await post(`${delivery.baseUrl}/v1/endpoints/preview`, {
      url_template: 'https://client.example/p?c={call_id}',
      method: 'POST',
      headers: { 'X-Campaign': '{campaign_id}' },
      body_template: '{"value":"{conversion_value|cents}"}',
      auth: { type: 'standard_webhooks', secrets: [secret] },
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(secret.slice('whsec_'.length));
    const preview = JSON.parse(text) as {
      dry_run: boolean;
      request: { method: string; url: string; headers: Record<string, string>; body: string };
      response: null;
    };
    expect(preview).toMatchObject({ dry_run: true, response: null });
    expect(preview.request).toMatchObject({
      method: 'POST',
      url: 'https://client.example/p?c=test-call-0001',
      body: '{"value":"12550"}',
    });
    expect(preview.request.headers).toMatchObject({ 'x-campaign': 'test-campaign' });
    expect(preview.request.headers['webhook-signature']).toMatch(/^v1,/);

    const typo = await post(`${delivery.baseUrl}/v1/endpoints/preview`, {
      url_template: 'https://client.example/p?c={cal_id}',
    });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toMatchObject({ fields: [{ field: 'url_template' }] });
    // Nothing stored: the list holds no endpoint named "preview".
    const list = (await (await fetch(`${delivery.baseUrl}/v1/endpoints`, { headers: admin })).json()) as {
      items: { name: string }[];
    };
    expect(list.items.map((e) => e.name)).not.toContain('preview');
  });

  it('counts what a DLQ replay would send, refusing a bad endpoint id by name', async () => {
    const created = await post(`${delivery.baseUrl}/v1/endpoints`, {
      name: 'console apis',
      url_template: 'https://client.example/p?c={call_id}',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const count = await fetch(`${delivery.baseUrl}/v1/dlq/count?endpoint_id=${id}`, { headers: admin });
    expect(await count.json()).toEqual({ endpoint_id: id, count: 0 });
    const bad = await fetch(`${delivery.baseUrl}/v1/dlq/count?endpoint_id=nope`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fields: [{ field: 'endpoint_id', problem: 'must be a UUID' }] });
  });

  it("answers both services' overviews from stored data, and refuses a bad window", async () => {
    const fromDelivery = await fetch(`${delivery.baseUrl}/v1/overview?minutes=60`, { headers: admin });
    expect(fromDelivery.status).toBe(200);
    const overview = (await fromDelivery.json()) as Record<string, unknown>;
    expect(overview).toEqual({
      since: expect.any(String),
      per_minute: expect.any(Array),
      endpoints: expect.any(Array),
      dlq_size: expect.any(Number),
      open_circuits: expect.any(Array),
      disabled_endpoints: expect.any(Array),
    });
    const fromRules = await fetch(`${rules.baseUrl}/v1/overview`, { headers: admin });
    expect(await fromRules.json()).toEqual({ since: expect.any(String), per_minute: expect.any(Array) });
    const bad = await fetch(`${rules.baseUrl}/v1/overview?minutes=0`, { headers: admin });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fields: [{ field: 'minutes' }] });
  });

  it("counts ingest's accepted dispositions per minute, refusing a range over a day", async () => {
    // A source's key, then one disposition through it: its minute shows one more accepted.
    const source = await post(`${ingest.baseUrl}/v1/sources`, { name: 'console accepted' });
    expect(source.status).toBe(201);
    const { api_key } = (await source.json()) as { api_key: { key: string } };
    const from = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
    const to = new Date(Date.now() + 120_000).toISOString();
    const read = async () => {
      const response = await fetch(`${ingest.baseUrl}/v1/ledger/accepted/minutes?from=${from}&to=${to}`, {
        headers: admin,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { accepted: number; minutes: { minute: string; accepted: number }[] };
    };
    const before = await read();
    const sent = await fetch(
      `${ingest.baseUrl}/v1/postback?call_id=accepted-${randomUUID()}&disposition=Sale&api_key=${api_key.key}`,
    );
    expect(sent.status).toBe(202);
    // Counted off the request's path: polled until the write lands.
    const after = await eventually(async () => {
      const now = await read();
      return now.accepted > before.accepted ? now : null;
    });
    expect(after.minutes.every((m) => m.accepted > 0 && m.minute >= from && m.minute < to)).toBe(true);

    const tooLong = await fetch(
      `${ingest.baseUrl}/v1/ledger/accepted/minutes?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z`,
      { headers: admin },
    );
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({
      fields: [{ field: 'to', problem: 'the per-minute range may span at most 1 day' }],
    });
  });

  it('answers 404 for a call without call events', async () => {
    const response = await fetch(`${rules.baseUrl}/v1/calls/no-such-call-${randomUUID()}`, {
      headers: admin,
    });
    expect(response.status).toBe(404);
  });
});
