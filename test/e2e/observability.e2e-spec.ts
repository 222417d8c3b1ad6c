import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ServiceName, ServiceProcess, TestReceiver, freePort } from '@postback/testing';
import { deactivateLeftoverEndpoints } from '../support/quiet-endpoints';
import { Client } from 'pg';
import { logLinesWhen, readServiceLog } from '../support/service-logs';

/**
 * Tracing and logs across the three compiled services: a disposition sent with a known
 * traceparent reaches the client system with the same trace id — on the first attempt, on a
 * retry and on a replay from the DLQ — every service logs that trace id with the call and event
 * ids, and no API key, admin token, signing secret or phone number reaches any log.
 */
describe('one trace from the dialer to the client system, in the postbacks and the logs', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `e2e-admin-${randomUUID()}`;
  const signingSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const phone = '+15557654321';
  const traceId = randomBytes(16).toString('hex');
  const inbound = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
  const callId = `obs-${randomUUID()}`;
  const receiver = new TestReceiver();
  const services = {} as Record<ServiceName, ServiceProcess>;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  let receiverUrl: string;
  let apiKey: string;
  let eventId: string;
  let refusing = true;
  const endpointIds: string[] = [];

  const traceOf = (header: string | string[] | undefined) => String(header).split('-')[1];
  const forPath = (path: string) => (request: { url: string }) =>
    new URL(request.url, receiverUrl).pathname === path &&
    new URL(request.url, receiverUrl).searchParams.get('call_id') === callId;
  const logsOf = (name: ServiceName) => readServiceLog(services[name].logFile);

  beforeAll(async () => {
    await deactivateLeftoverEndpoints(process.env.DATABASE_URL!);
    receiverUrl = await receiver.start();
    // For this test's call: /ok answers 200; /flaky 503 on its first request, then 200;
    // /refusing 400 until replayed. Anything else (a leftover decision) gets a plain 200.
    receiver.script((request) => {
      if (forPath('/flaky')(request)) {
        return { status: receiver.requests.filter(forPath('/flaky')).length === 1 ? 503 : 200 };
      }
      if (forPath('/refusing')(request)) return { status: refusing ? 400 : 200 };
      return { status: 200 };
    });

    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      LOG_LEVEL: 'info',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      RULES_CALL_WAIT_SECONDS: '0',
      // A first retry tier of one second: the flaky endpoint's second attempt comes quickly.
      DELIVERY_RETRY_SCHEDULE: '1s,2s',
    };
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      services[name] = new ServiceProcess(name, ports[name], env, root);
      writeFileSync(services[name].logFile, ''); // this run's lines only
      services[name].start();
    }
    await Promise.all(Object.values(services).map((service) => service.ready()));

    for (const [path, auth] of [
      ['/ok', { type: 'standard_webhooks', secrets: [signingSecret] }],
      ['/flaky', { type: 'none' }],
      ['/refusing', { type: 'none' }],
    ] as const) {
      const created = await fetch(`${services.delivery.baseUrl}/v1/endpoints`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          name: `obs ${path}`,
          url_template: `${receiverUrl}${path}?call_id={call_id}&value={conversion_value}`,
          auth,
        }),
      });
      expect(created.status).toBe(201);
      endpointIds.push(((await created.json()) as { id: string }).id);
    }
    const source = await fetch(`${services.ingest.baseUrl}/v1/sources`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'obs dialer' }),
    });
    expect(source.status).toBe(201);
    apiKey = ((await source.json()) as { api_key: { key: string } }).api_key.key;

    // The pasted-URL form: the API key and the caller's number travel in the query string.
    const response = await fetch(
      `${services.ingest.baseUrl}/v1/postback?call_id=${callId}&disposition=Sale&value=42&ani=${encodeURIComponent(phone)}&caller_number=${encodeURIComponent(phone)}&api_key=${apiKey}`,
      { headers: { traceparent: inbound } },
    );
    expect(response.status).toBe(202);
    eventId = ((await response.json()) as { event_id: string }).event_id;
    // An accepted request is logged by its event line alone; a refused one gets a request line,
    // which must hide the key and the number in its URL.
    const refused = await fetch(
      `${services.ingest.baseUrl}/v1/postback?call_id=${callId}&disposition=Sale&value=not-a-number&ani=${encodeURIComponent(phone)}&api_key=${apiKey}`,
      { headers: { traceparent: inbound } },
    );
    expect(refused.status).toBe(400);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    // The endpoints stay in the shared database: take them out of later tests' way.
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query('UPDATE delivery.endpoints SET active = false WHERE id = ANY($1::uuid[])', [endpointIds]);
    await db.end();
    await receiver.stop();
  }, 60_000);

  it('sends the postback with a traceparent of the same trace (and a span of its own)', async () => {
    const postback = await receiver.waitFor(forPath('/ok'), 60_000);
    expect(postback.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceOf(postback.headers.traceparent)).toBe(traceId);
    expect(postback.headers.traceparent).not.toBe(inbound);
    expect(postback.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('keeps the trace id on a retry from a retry tier', async () => {
    await receiver.waitFor(forPath('/flaky'), 60_000);
    const retried = await receiver.waitFor(
      (request) => forPath('/flaky')(request) && receiver.requests.filter(forPath('/flaky')).length >= 2,
      60_000,
    );
    const attempts = receiver.requests.filter(forPath('/flaky'));
    expect(attempts.map((request) => request.answered)).toEqual([503, 200]);
    expect(attempts.map((request) => traceOf(request.headers.traceparent))).toEqual([traceId, traceId]);
    expect(retried.headers['webhook-id']).toBe(attempts[0].headers['webhook-id']);
  });

  it('keeps the trace id when a dead-lettered delivery is replayed', async () => {
    const refused = await receiver.waitFor(forPath('/refusing'), 60_000);
    const deliveryId = String(refused.headers['webhook-id']);
    // Dead-lettered at once (400); replay once the delivery says so.
    const deadline = Date.now() + 30_000;
    let status = '';
    while (status !== 'failed' && Date.now() < deadline) {
      const answer = await fetch(`${services.delivery.baseUrl}/v1/deliveries/${deliveryId}`, {
        headers: admin,
      });
      status = ((await answer.json()) as { status: string }).status;
      if (status !== 'failed') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe('failed');
    refusing = false;
    const replay = await fetch(`${services.delivery.baseUrl}/v1/deliveries/${deliveryId}/retry`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    expect(replay.status).toBe(202);
    await receiver.waitFor(
      (request) =>
        forPath('/refusing')(request) && request.headers['webhook-id'] === deliveryId && request !== refused,
      60_000,
    );
    const attempts = receiver.requests.filter(forPath('/refusing'));
    expect(attempts.map((request) => request.answered)).toEqual([400, 200]);
    expect(attempts.map((request) => traceOf(request.headers.traceparent))).toEqual([traceId, traceId]);
  });

  it('logs the trace id with the call and event ids in every service', async () => {
    const traced = (name: ServiceName) => logsOf(name).lines.filter((line) => line.trace_id === traceId);
    const line = (name: ServiceName, msg: string) => traced(name).find((l) => l.msg === msg);

    expect(line('ingest', 'disposition accepted')).toMatchObject({
      service: 'ingest',
      call_id: callId,
      event_id: eventId,
    });
    // The refused request's line, with the key and the number hidden in its URL.
    const request = traced('ingest').find((l) =>
      (l.req as { url?: string } | undefined)?.url?.includes(callId),
    );
    expect((request!.req as { url: string }).url).toContain('api_key=[redacted]');
    expect((request!.req as { url: string }).url).toContain('ani=***21');

    expect(line('rules', 'decision made')).toMatchObject({
      service: 'rules',
      call_id: callId,
      event_id: eventId,
    });

    const isDelivered = (l: { msg?: string; trace_id?: string }) =>
      l.msg === 'postback delivered' && l.trace_id === traceId;
    const delivered = (
      await logLinesWhen(services.delivery.logFile, (lines) => lines.filter(isDelivered).length >= 3)
    ).filter(isDelivered);
    expect(delivered).toHaveLength(3); // /ok, /flaky's retry, /refusing's replay
    for (const l of delivered) {
      expect(l).toMatchObject({
        service: 'delivery',
        call_id: callId,
        event_id: eventId,
        delivery_id: expect.any(String),
        status: 200,
        duration_ms: expect.any(Number),
      });
    }
    for (const msg of [
      'postback failed',
      'retry scheduled',
      'postback dead-lettered',
      'dead-lettered delivery replayed',
    ]) {
      expect(line('delivery', msg)).toMatchObject({ call_id: callId, event_id: eventId, trace_id: traceId });
    }
  });

  it('writes no API key, admin token, signing secret or phone number to any log', () => {
    const phoneDigits = phone.replace(/\D/g, '');
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      const { raw, lines } = logsOf(name);
      expect(lines.length).toBeGreaterThan(5);
      for (const secret of [apiKey, adminToken, signingSecret, signingSecret.slice(6), phoneDigits, phone]) {
        expect({ service: name, leaked: raw.includes(secret) ? secret : null }).toEqual({
          service: name,
          leaked: null,
        });
      }
      expect(raw).not.toContain(encodeURIComponent(phone));
    }
  });
});
