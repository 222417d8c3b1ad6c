import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { type ReceivedRequest } from '@postback/testing';
import { DeliveryHarness } from '../support/delivery-harness';

/**
 * Endpoints' auth secrets at rest, against the compiled delivery service and real PostgreSQL:
 * the stored row holds no secret, postbacks carry the real one (a receiver verifies them), keys
 * rotate, rows from before encryption are sealed at start-up, and a missing or wrong key stops
 * start-up naming its id. On a database of its own: other suites' services use the default key.
 */
describe('endpoint secrets are encrypted at rest', () => {
  const key = () => randomBytes(32).toString('base64');
  const [k1, k2] = [key(), key()];
  const database = new URL(process.env.DATABASE_URL!);
  database.pathname = `${database.pathname}_secrets`;
  const env: Record<string, string> = {
    LOG_LEVEL: 'info',
    DATABASE_URL: database.toString(),
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    ENDPOINT_SECRET_KEYS: `kid1:${k1}`,
    KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000',
  };
  const h = new DeliveryHarness(env);
  const signingSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const password = `basic-${randomUUID()}`;
  const headerValue = `header-${randomUUID()}`;
  const campaigns = {
    signed: `sw-${randomUUID()}`,
    basic: `basic-${randomUUID()}`,
    header: `hdr-${randomUUID()}`,
  };
  const ids = {} as Record<keyof typeof campaigns, string>;
  let db: Client;

  const dropDatabase = async () => {
    const admin = new URL(database);
    admin.pathname = '/postgres';
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database.pathname.slice(1)}" WITH (FORCE)`);
    await client.end();
  };
  const rawAuth = async (id: string): Promise<string> =>
    (
      await db.query<{ auth: string }>('SELECT auth::text AS auth FROM delivery.endpoints WHERE id = $1', [
        id,
      ])
    ).rows[0].auth;
  const wholeTable = async (): Promise<string> =>
    JSON.stringify((await db.query('SELECT * FROM delivery.endpoints')).rows);
  const restart = async (): Promise<void> => {
    await h.killService();
    await h.startService();
  };
  /** Starts the service expecting it to refuse; returns what it logged. */
  const refusedStart = async (): Promise<string> => {
    await h.killService();
    const error = await h.startService().then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).toMatch(/delivery exited with 1/);
    return readFileSync(/see (\S+)$/.exec(error!.message)![1], 'utf8');
  };
  /** The receiver's request for a decision produced now, for the endpoint of that campaign. */
  const deliver = async (campaign: string): Promise<ReceivedRequest> => {
    const decision = await h.decide(campaign);
    return h.receiver.waitFor(
      (request) => h.forCampaign(campaign)(request) && request.url.includes(decision.call_id),
      30_000,
    );
  };
  /** What a receiver does: recompute the Standard Webhooks signature with its copy of the secret. */
  const verifySignature = (request: ReceivedRequest): void => {
    const id = request.headers['webhook-id'] as string;
    const timestamp = request.headers['webhook-timestamp'] as string;
    const mac = createHmac('sha256', Buffer.from(signingSecret.slice('whsec_'.length), 'base64'))
      .update(`${id}.${timestamp}.${request.body}`)
      .digest('base64');
    expect(request.headers['webhook-signature']).toBe(`v1,${mac}`);
  };
  const verifyAll = async (): Promise<void> => {
    verifySignature(await deliver(campaigns.signed));
    expect((await deliver(campaigns.basic)).headers.authorization).toBe(
      `Basic ${Buffer.from(`acme:${password}`).toString('base64')}`,
    );
    expect((await deliver(campaigns.header)).headers['x-partner-key']).toBe(headerValue);
  };
  const expectNoSecretIn = (text: string): void => {
    for (const secret of [signingSecret, signingSecret.slice(6), password, headerValue]) {
      expect(text).not.toContain(secret);
    }
  };

  beforeAll(async () => {
    await dropDatabase();
    await h.start();
    db = new Client({ connectionString: database.toString() });
    await db.connect();
    const post = { method: 'POST', body_template: '{"call_id": "{call_id}"}' };
    ids.signed = await h.createEndpoint(campaigns.signed, {
      ...post,
      auth: { type: 'standard_webhooks', secrets: [signingSecret] },
    });
    ids.basic = await h.createEndpoint(campaigns.basic, {
      auth: { type: 'basic', username: 'acme', password },
    });
    ids.header = await h.createEndpoint(campaigns.header, {
      auth: { type: 'header', name: 'X-Partner-Key', value: headerValue },
    });
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await h.stop();
    await dropDatabase();
  }, 60_000);

  it('stores every secret sealed with the active key id, and no secret in plaintext', async () => {
    expectNoSecretIn(await wholeTable());
    for (const id of Object.values(ids))
      expect(await rawAuth(id)).toMatch(/"enc:v1:kid1:[\w-]+:[\w-]+:[\w-]+"/);
    expect(JSON.parse(await rawAuth(ids.basic))).toMatchObject({ type: 'basic', username: 'acme' });
  });

  it('sends with the decrypted secrets: the receiver verifies the signature and sees the credentials', async () => {
    await verifyAll();
  });

  it('reads rows sealed with the old key after a new active key is added, and seals them again with it', async () => {
    const underKid1 = await rawAuth(ids.signed);
    env.ENDPOINT_SECRET_KEYS = `kid2:${k2},kid1:${k1}`;
    await restart();
    for (const id of Object.values(ids)) expect(await rawAuth(id)).toMatch(/"enc:v1:kid2:/);
    await verifyAll();
    // A row still under the old key (e.g. written by an instance not yet restarted) reads too.
    await db.query('UPDATE delivery.endpoints SET auth = $2::jsonb WHERE id = $1', [ids.signed, underKid1]);
    verifySignature(await deliver(campaigns.signed));
  });

  it('seals rows stored in plaintext before encryption at start-up', async () => {
    const plain = { type: 'basic', username: 'acme', password };
    await db.query('UPDATE delivery.endpoints SET auth = $2::jsonb WHERE id = $1', [ids.basic, plain]);
    expect(await rawAuth(ids.basic)).toContain(password);
    await restart();
    expect(await rawAuth(ids.basic)).toMatch(/"enc:v1:kid2:/);
    expectNoSecretIn(await wholeTable());
    await verifyAll();
  });

  it('refuses to start without the key a row was sealed with, naming the key id', async () => {
    env.ENDPOINT_SECRET_KEYS = `kid3:${key()}`;
    expect(await refusedStart()).toMatch(
      /sealed with key "kid2", which is not configured \(configured: kid3\)/,
    );
  });

  it('refuses to start with a different key under the same id, naming the key id', async () => {
    env.ENDPOINT_SECRET_KEYS = `kid2:${key()}`;
    expect(await refusedStart()).toMatch(/key "kid2" does not open this value/);
  });

  it('refuses to start in production without ENDPOINT_SECRET_KEYS, naming the variable', async () => {
    delete env.ENDPOINT_SECRET_KEYS;
    env.NODE_ENV = 'production';
    expect(await refusedStart()).toMatch(/ENDPOINT_SECRET_KEYS is required when NODE_ENV=production/);
  });
});
