import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TestReceiver } from '@postback/testing';
import { deactivateLeftoverEndpoints } from '../support/quiet-endpoints';
import { SecurityStack } from './support/security-stack';

/**
 * No key or secret leaves where it belongs: after sources with API keys and a signing secret,
 * dispositions sent with a key in the header and in the query, endpoints with every kind of
 * secret, successful and dead-lettered deliveries and test-fires, none of the secrets appears
 * in any service's log, in /metrics, in an API answer after creation, or in the attempt log
 * (whose request headers are redacted), nor in plaintext anywhere in the services' tables.
 */
describe('keys and secrets never leak', () => {
  const stack = new SecurityStack();
  const receiver = new TestReceiver();
  const callIds = [`sec-${randomUUID()}`, `sec-${randomUUID()}`];
  const endpointSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const headerValue = `hv-${randomBytes(12).toString('hex')}`;
  const endpoints: Record<'signed' | 'basic' | 'header', string> = { signed: '', basic: '', header: '' };
  const secrets: Record<string, string> = {};
  const answers: string[] = [];
  let sourceId = '';
  let db: Client;

  const json = async (response: Response): Promise<Record<string, unknown>> => {
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as Record<string, unknown>;
  };
  /** An admin GET whose answer is kept, to be searched for secrets. */
  const read = async (service: 'ingest' | 'delivery', path: string): Promise<unknown> => {
    const response = await stack.admin(service, path);
    const text = await response.text();
    answers.push(`${service} GET ${path} -> ${response.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const leaksIn = (text: string): string[] =>
    Object.entries(secrets)
      .filter(([, secret]) => text.includes(secret))
      .map(([name]) => name);
  const deliveryOf = async (endpointId: string, callId: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { items } = (await read(
        'delivery',
        `/v1/deliveries?call_id=${callId}&endpoint_id=${endpointId}`,
      )) as {
        items: { id: string; status: string }[];
      };
      if (['delivered', 'failed'].includes(items[0]?.status ?? '')) return items[0];
      if (Date.now() > deadline) throw new Error(`delivery of ${callId} to ${endpointId} not finished`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    await deactivateLeftoverEndpoints(process.env.DATABASE_URL!);
    const receiverUrl = await receiver.start();
    // The basic-auth endpoint refuses (400): a failed attempt and a dead-lettered delivery.
    receiver.script((request) => ({ status: request.url.startsWith('/basic') ? 400 : 200 }));
    await stack.start();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();

    const auths = {
      signed: { type: 'standard_webhooks', secrets: [endpointSecret] },
      basic: { type: 'basic', username: 'acme', password },
      header: { type: 'header', name: 'X-Partner-Key', value: headerValue },
    };
    for (const [name, auth] of Object.entries(auths) as [keyof typeof endpoints, unknown][]) {
      const created = await stack.admin('delivery', '/v1/endpoints', {
        method: 'POST',
        body: { name: `security ${name}`, url_template: `${receiverUrl}/${name}?call_id={call_id}`, auth },
      });
      endpoints[name] = (await json(created)).id as string;
    }
    const source = await json(
      await stack.admin('ingest', '/v1/sources', { method: 'POST', body: { name: 'sec' } }),
    );
    sourceId = source.id as string;
    const firstKey = (source.api_key as { key: string }).key;
    const secondKey = (
      (await json(await stack.admin('ingest', `/v1/sources/${sourceId}/api-keys`, { method: 'POST' })))
        .api_key as {
        key: string;
      }
    )?.key;
    const signed = await json(
      await stack.admin('ingest', '/v1/sources', { method: 'POST', body: { name: 'sec2' } }),
    );
    const signing = await json(
      await stack.admin('ingest', `/v1/sources/${String(signed.id)}/signing-secret`, { method: 'POST' }),
    );
    const sourceSecret = String(signing.signing_secret ?? signing.secret ?? JSON.stringify(signing));
    Object.assign(secrets, {
      adminToken: stack.adminToken,
      firstApiKey: firstKey,
      secondApiKey: secondKey ?? firstKey,
      sourceSigningSecret: sourceSecret.replace(/^whsec_/, ''),
      endpointSigningSecret: endpointSecret.replace(/^whsec_/, ''),
      basicPassword: password,
      basicCredentials: Buffer.from(`acme:${password}`).toString('base64'),
      headerValue,
      ...stack.configSecrets,
    });
    expect(sourceSecret).toMatch(/^whsec_/);

    const intake = stack.services.ingest.baseUrl;
    const query = await fetch(
      `${intake}/v1/postback?call_id=${callIds[0]}&disposition=Sale&value=42&api_key=${firstKey}`,
    );
    expect(query.status).toBe(202);
    const body = await fetch(`${intake}/v1/dispositions`, {
      method: 'POST',
      headers: { 'x-api-key': secrets.secondApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ call_id: callIds[1], disposition: 'Sale', value: '42' }),
    });
    expect(body.status).toBe(202);
    for (const callId of callIds) {
      for (const endpointId of Object.values(endpoints)) await deliveryOf(endpointId, callId);
    }
    for (const endpointId of Object.values(endpoints)) {
      const fired = await stack.admin('delivery', `/v1/endpoints/${endpointId}/test`, { method: 'POST' });
      answers.push(`test-fire ${endpointId} -> ${fired.status} ${await fired.text()}`);
    }
  }, 300_000);

  afterAll(async () => {
    await db?.query('UPDATE delivery.endpoints SET active = false WHERE id = ANY($1::uuid[])', [
      Object.values(endpoints),
    ]);
    await db?.end();
    await stack.stop();
    await receiver.stop();
  }, 60_000);

  it('the receiver really got the credentials (so the checks below look for real values)', () => {
    const got = (path: string) => receiver.requests.find((request) => request.url.startsWith(path));
    expect(got('/basic')?.headers.authorization).toBe(`Basic ${secrets.basicCredentials}`);
    expect(got('/header')?.headers['x-partner-key']).toBe(headerValue);
    expect(got('/signed')?.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('no secret appears in any service’s log', () => {
    expect(leaksIn(stack.logs())).toEqual([]);
  });

  it('no secret appears in /metrics of any service', async () => {
    for (const service of Object.values(stack.services)) {
      const text = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect({ service: service.name, leaks: leaksIn(text) }).toEqual({ service: service.name, leaks: [] });
    }
  });

  it('no secret appears in an API answer after creation', async () => {
    await read('ingest', '/v1/sources');
    await read('ingest', `/v1/sources/${sourceId}`);
    await read('ingest', `/v1/sources/${sourceId}/api-keys`);
    await read('delivery', '/v1/endpoints');
    for (const id of Object.values(endpoints)) await read('delivery', `/v1/endpoints/${id}`);
    for (const callId of callIds) {
      const { items } = (await read('delivery', `/v1/deliveries?call_id=${callId}`)) as {
        items: { id: string }[];
      };
      for (const { id } of items) await read('delivery', `/v1/deliveries/${id}`);
    }
    expect(answers.length).toBeGreaterThan(10);
    expect(leaksIn(answers.join('\n'))).toEqual([]);
  });

  it('the attempt log redacts the credential headers and stores no secret', async () => {
    const { rows } = await db.query<{ row: string; headers: Record<string, string>; endpoint_id: string }>(
      `SELECT row_to_json(a)::text AS row, a.request_headers AS headers, d.endpoint_id
         FROM delivery.delivery_attempts a JOIN delivery.deliveries d ON d.delivery_id = a.delivery_id
        WHERE d.endpoint_id = ANY($1::uuid[])`,
      [Object.values(endpoints)],
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(leaksIn(rows.map((r) => r.row).join('\n'))).toEqual([]);
    const headersOf = (name: keyof typeof endpoints) =>
      rows.filter((r) => r.endpoint_id === endpoints[name]).map((r) => r.headers);
    for (const headers of headersOf('basic')) expect(headers.authorization).toBe('[redacted]');
    for (const headers of headersOf('header')) expect(headers['x-partner-key']).toBe('[redacted]');
    for (const headers of headersOf('signed')) expect(headers['webhook-signature']).toBe('[redacted]');
  });

  it('no key or secret is stored in plaintext in any service’s tables', async () => {
    const { rows } = await db.query<{ schema: string; table: string }>(
      `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
        WHERE table_schema IN ('ingest', 'delivery') AND table_type = 'BASE TABLE'`,
    );
    expect(rows.map((r) => `${r.schema}.${r.table}`)).toEqual(
      expect.arrayContaining(['ingest.sources', 'ingest.api_keys', 'delivery.endpoints']),
    );
    for (const { schema, table } of rows) {
      const dump = await db.query(`SELECT row_to_json(t)::text AS row FROM "${schema}"."${table}" t`);
      const text = dump.rows.map((r: { row: string }) => r.row).join('\n');
      expect({ table: `${schema}.${table}`, leaks: leaksIn(text) }).toEqual({
        table: `${schema}.${table}`,
        leaks: [],
      });
    }
  });
});
