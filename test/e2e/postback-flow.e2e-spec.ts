import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { type ServiceName, ServiceProcess, TestReceiver, freePort } from '@postback/testing';

/**
 * The walking skeleton against the real stack: HTTP in → Kafka (Avro) → rules → Kafka (Avro)
 * → delivery → an outbound HTTP postback that a local receiver records.
 */
describe('a disposition travels from ingest to the client system', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `e2e-admin-${randomUUID()}`;
  const receiver = new TestReceiver();
  const services = {} as Record<ServiceName, ServiceProcess>;
  let receiverUrl: string;
  /** The API key of a source created through ingest's admin API, as an operator would. */
  let apiKey: string;

  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const queryOf = (url: string) => Object.fromEntries(new URL(url, receiverUrl).searchParams);
  const forCall = (callId: string) => (request: { url: string }) => queryOf(request.url).call_id === callId;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
      DATABASE_URL: process.env.DATABASE_URL!,
      LOG_LEVEL: 'info',
      // The receiver listens on loopback, which the SSRF guard refuses unless allow-listed.
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      // These calls send no call events: decide at once instead of waiting for them.
      RULES_CALL_WAIT_SECONDS: '0',
    };
    for (const name of ['ingest', 'rules', 'delivery'] as const) {
      services[name] = new ServiceProcess(name, ports[name], env, root);
      services[name].start();
    }
    await Promise.all(Object.values(services).map((service) => service.ready()));

    const created = await fetch(`${services.delivery.baseUrl}/v1/endpoints`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        name: 'e2e receiver',
        url_template: `${receiverUrl}/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&type={conversion_type}&timestamp={timestamp}`,
      }),
    });
    expect(created.status).toBe(201);

    const source = await fetch(`${services.ingest.baseUrl}/v1/sources`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'e2e dialer' }),
    });
    expect(source.status).toBe(201);
    apiKey = ((await source.json()) as { api_key: { key: string } }).api_key.key;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
  }, 60_000);

  it('delivers a Sale posted as JSON as a conversion postback to the exact URL', async () => {
    const callId = `e2e-${randomUUID()}`;
    const response = await fetch(`${services.ingest.baseUrl}/v1/dispositions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({
        call_id: callId,
        disposition: 'Sale',
        value: '125.5',
        timestamp: '2026-11-30T10:15:00Z',
      }),
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { event_id: string; call_id: string };
    expect(accepted).toEqual({
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      call_id: callId,
      status: 'accepted',
    });

    const postback = await receiver.waitFor(forCall(callId), 60_000);
    expect(postback.method).toBe('GET');
    expect(new URL(postback.url, receiverUrl).pathname).toBe('/postback');
    expect(queryOf(postback.url)).toEqual({
      call_id: callId,
      disposition: 'Sale',
      value: '125.50',
      type: 'conversion',
      timestamp: '2026-11-30T10:15:00.000Z',
    });
    expect(postback.headers['webhook-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(postback.headers['idempotency-key']).toBe(postback.headers['webhook-id']);
  });

  it('takes the pasted-URL form and turns a Qualified Lead into a partial postback', async () => {
    const callId = `e2e-${randomUUID()}`;
    const response = await fetch(
      `${services.ingest.baseUrl}/v1/postback?call_id=${callId}&disposition=qualified%20lead&value=200&timestamp=1796033700&agent=a7&api_key=${apiKey}`,
    );
    expect(response.status).toBe(202);

    const postback = await receiver.waitFor(forCall(callId), 60_000);
    expect(queryOf(postback.url)).toEqual({
      call_id: callId,
      disposition: 'qualified lead',
      value: '100.00',
      type: 'partial',
      timestamp: '2026-11-30T10:15:00.000Z',
    });

    const decisions = await fetch(`${services.rules.baseUrl}/v1/conversions?call_id=${callId}`, {
      headers: admin,
    });
    expect(decisions.status).toBe(200);
    const { items } = (await decisions.json()) as { items: Record<string, unknown>[] };
    expect(items).toEqual([
      expect.objectContaining({
        call_id: callId,
        type: 'partial',
        status: 'new',
        value: '100.00',
        delta: '100.00',
        rule_version: 1,
      }),
    ]);
    expect(items[0].custom_fields).toEqual({ agent: 'a7' });
  });

  it('refuses a disposition without a call id, naming the field, and sends nothing for it', async () => {
    const response = await fetch(`${services.ingest.baseUrl}/v1/postback?disposition=Sale&value=10`, {
      headers: { 'x-api-key': apiKey },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'validation_failed',
      fields: [{ field: 'call_id', problem: 'is required' }],
    });
  });

  it('sends each decision once, however often the same disposition repeats', async () => {
    const callId = `e2e-${randomUUID()}`;
    const send = (value: string, timestamp: number) =>
      fetch(
        `${services.ingest.baseUrl}/v1/postback?call_id=${callId}&disposition=Sale&value=${value}&timestamp=${timestamp}`,
        { headers: { 'x-api-key': apiKey } },
      );
    const first = await send('10', 1796033700);
    expect(first.status).toBe(202);
    // The exact repeat carries the same event id (derived from the disposition), which rules
    // decides once…
    const repeat = await send('10', 1796033700);
    expect(repeat.status).toBe(202);
    const ids = [first, repeat].map(
      async (response) => ((await response.json()) as { event_id: string }).event_id,
    );
    const [firstId, repeatId] = await Promise.all(ids);
    expect(repeatId).toBe(firstId);
    // …and the same outcome reported again later is a new event, which changes nothing.
    expect((await send('10', 1796033760)).status).toBe(202);
    // Then an upgrade on the same call: one partition, in order, so once its postback
    // arrives the repeat before it has been decided too.
    expect((await send('20', 1796033820)).status).toBe(202);
    await receiver.waitFor(
      (request) => forCall(callId)(request) && queryOf(request.url).value === '20.00',
      60_000,
    );
    expect(receiver.requests.filter(forCall(callId)).map((request) => queryOf(request.url).value)).toEqual([
      '10.00',
      '20.00',
    ]);
  });
});
