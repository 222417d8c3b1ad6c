import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DeliveryHarness } from '../support/delivery-harness';

type PublicEndpoint = {
  id: string;
  name: string;
  url_template: string;
  method: string;
  scope: { type: string; id: string | null };
  filter: { types: string[] };
  auth: Record<string, unknown>;
  active: boolean;
  disabled_reason: string | null;
};

/**
 * `PATCH /v1/endpoints/:id` against the compiled delivery service, real Kafka and PostgreSQL and
 * a local receiver: what the edit leaves out is kept (secrets too, still sealed), a secret given
 * is sealed again and used, a bad edit is refused by field and changes nothing, and the
 * endpoint's state in delivery and its deliveries stay as they were.
 */
describe('editing a saved endpoint', () => {
  const h = new DeliveryHarness({ DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32' });
  let db: Client;
  const patch = (id: string, body: unknown) => h.admin(`/v1/endpoints/${id}`, { method: 'PATCH', body });
  const rawAuth = async (id: string): Promise<string> =>
    (
      await db.query<{ auth: string }>('SELECT auth::text AS auth FROM delivery.endpoints WHERE id = $1', [
        id,
      ])
    ).rows[0].auth;
  /** The receiver's request for a decision produced now for the campaign, on the path given. */
  const deliver = async (campaign: string, path: string) => {
    const decision = await h.decide(campaign);
    const request = await h.receiver.waitFor(
      (r) => r.url.includes(decision.call_id) && new URL(r.url, h.receiverUrl).pathname === path,
      30_000,
    );
    return { decision, request };
  };

  beforeAll(async () => {
    await h.start();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await h.stop();
  }, 60_000);

  it('changes what the edit gives, keeps the rest and the stored secret, sealed and never returned', async () => {
    const campaign = `edit-${randomUUID()}`;
    const secret = `hdr-${randomUUID()}`;
    const id = await h.createEndpoint(campaign, {
      method: 'POST',
      body_template: '{"call":"{call_id}"}',
      filter: { types: ['conversion', 'partial'] },
      auth: { type: 'header', name: 'X-Partner-Key', value: secret },
    });
    const sealedBefore = await rawAuth(id);

    const response = await patch(id, {
      name: `${campaign} renamed`,
      url_template: `${h.receiverUrl}/${campaign}-v2?call_id={call_id}`,
      auth: { type: 'header', name: 'X-Partner-Key' },
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(secret);
    const edited = JSON.parse(text) as PublicEndpoint;
    expect(edited).toMatchObject({
      id,
      name: `${campaign} renamed`,
      method: 'POST',
      scope: { type: 'campaign', id: campaign },
      filter: { types: ['conversion', 'partial'] },
      auth: { type: 'header', name: 'X-Partner-Key' },
      active: true,
    });
    expect(await h.getJson<PublicEndpoint>(`/v1/endpoints/${id}`)).toEqual(edited);
    const sealedAfter = await rawAuth(id);
    expect(sealedAfter).not.toContain(secret);
    expect(sealedAfter).toMatch(/"value": "enc:v1:/);
    expect(sealedBefore).toMatch(/"value": "enc:v1:/);

    // Decisions from now on go to the new URL, with the secret the edit left out.
    const { request } = await deliver(campaign, `/${campaign}-v2`);
    expect(request.headers['x-partner-key']).toBe(secret);
    expect(request.method).toBe('POST');
  });

  it('seals a secret given again and sends it', async () => {
    const campaign = `edit-secret-${randomUUID()}`;
    const [oldPassword, newPassword] = [`old-${randomUUID()}`, `new-${randomUUID()}`];
    const id = await h.createEndpoint(campaign, {
      auth: { type: 'basic', username: 'acme', password: oldPassword },
    });
    const response = await patch(id, { auth: { type: 'basic', username: 'acme2', password: newPassword } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(newPassword);
    expect(JSON.parse(text)).toMatchObject({ auth: { type: 'basic', username: 'acme2' } });
    const stored = await rawAuth(id);
    expect(stored).not.toContain(newPassword);
    expect(stored).toMatch(/"password": "enc:v1:/);

    const { request } = await deliver(campaign, `/${campaign}`);
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from(`acme2:${newPassword}`).toString('base64')}`,
    );
  });

  it('refuses a bad edit by field and changes nothing', async () => {
    const campaign = `edit-bad-${randomUUID()}`;
    const id = await h.createEndpoint(campaign, {
      auth: { type: 'basic', username: 'acme', password: 'pw-kept' },
    });
    const before = await h.getJson<PublicEndpoint>(`/v1/endpoints/${id}`);
    const storedBefore = await rawAuth(id);

    const typo = await patch(id, {
      name: 'not saved',
      url_template: `${h.receiverUrl}/p?c={cal_id}`,
      method: 'DELETE',
    });
    expect(typo.status).toBe(400);
    const refused = (await typo.json()) as { error: string; fields: { field: string; problem: string }[] };
    expect(refused.error).toBe('validation_failed');
    expect(refused.fields.map((f) => f.field).sort()).toEqual(['method', 'url_template']);
    expect(refused.fields.find((f) => f.field === 'url_template')?.problem).toMatch(
      /unknown macro "cal_id" at position \d+/,
    );

    const otherType = await patch(id, { auth: { type: 'header', name: 'X-Key' } });
    expect(otherType.status).toBe(400);
    expect(((await otherType.json()) as { fields: unknown[] }).fields).toEqual([
      { field: 'auth.value', problem: expect.stringMatching(/required|expected string/) },
    ]);

    // A kept secret never follows the endpoint to another host: the edit must give it again.
    const elsewhere = await patch(id, { url_template: 'https://collector.example/x?c={call_id}' });
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { fields: unknown[] }).fields).toEqual([
      { field: 'auth', problem: 'must give its secret again: the edit sends it to another host' },
    ]);

    const unknown = await patch(id, { active: true, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual([
      'active',
      'colour',
    ]);
    expect((await patch(id, ['name'])).status).toBe(400);

    expect(await h.getJson<PublicEndpoint>(`/v1/endpoints/${id}`)).toEqual(before);
    expect(await rawAuth(id)).toBe(storedBefore);
  });

  it('leaves an endpoint the breaker disabled out of delivery, and keeps its deliveries', async () => {
    const campaign = `edit-state-${randomUUID()}`;
    const id = await h.createEndpoint(campaign);
    const { decision } = await deliver(campaign, `/${campaign}`);
    const delivered = await h.deliveryOf(id, decision.call_id, 'delivered');
    await db.query(
      `UPDATE delivery.endpoints SET active = false, disabled_reason = 'circuit open' WHERE id = $1`,
      [id],
    );

    const response = await patch(id, { name: `${campaign} edited` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      name: `${campaign} edited`,
      active: false,
      disabled_reason: 'circuit open',
    });
    const again = await h.deliveryOf(id, decision.call_id, 'delivered');
    expect(again.id).toBe(delivered.id);
    expect(again.attempts).toHaveLength(delivered.attempts.length);
  });

  it('answers 404 for an unknown id and 401 without the admin token', async () => {
    const missing = await patch(randomUUID(), { name: 'x' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found' });
    const anonymous = await fetch(`${h.baseUrl}/v1/endpoints/${randomUUID()}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    expect(anonymous.status).toBe(401);
  });
});
