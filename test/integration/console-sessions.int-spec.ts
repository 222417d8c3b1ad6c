import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ServiceProcess, freePort } from '@postback/testing';

const COOKIE = 'postback_console_session';

/**
 * Console sessions in PostgreSQL, against the compiled rules service (which checks the admin
 * token) and two console processes on the same database: a sign-in through one is used through
 * the other, survives a restart, expires, and a sign-out through either ends it everywhere. The
 * stored row opens nothing without the cookie.
 */
describe('console sessions shared through PostgreSQL', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `console-sessions-${randomUUID()}`;
  let env: NodeJS.ProcessEnv;
  let rules: ServiceProcess;
  let consoles: ServiceProcess[] = [];
  let db: Client;

  const startConsole = async (): Promise<ServiceProcess> => {
    const port = await freePort();
    const process = new ServiceProcess('console', port, { ...env, CONSOLE_PORT: String(port) }, root);
    process.start();
    await process.ready();
    return process;
  };
  const signIn = async (through: ServiceProcess) => {
    const response = await fetch(`${through.baseUrl}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: adminToken }),
    });
    expect(response.status).toBe(201);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
    const id = /^[^=]+=([^;]+)/.exec(cookie)![1];
    const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
    return { id, csrf, cookie: `${COOKIE}=${id}` };
  };
  /** The row of a session: found by the SHA-256 of its id, as the console finds it. */
  const rowOf = (id: string) => [createHash('sha256').update(id).digest('base64url')];
  const sessionStatus = async (through: ServiceProcess, cookie: string) =>
    (await fetch(`${through.baseUrl}/session`, { headers: { cookie } })).status;
  const proxiedStatus = async (through: ServiceProcess, cookie: string) =>
    (await fetch(`${through.baseUrl}/api/rules/v1/campaigns`, { headers: { cookie } })).status;

  beforeAll(async () => {
    const rulesPort = await freePort();
    env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      RULES_PORT: String(rulesPort),
      CONSOLE_RULES_URL: `http://127.0.0.1:${rulesPort}`,
    };
    rules = new ServiceProcess('rules', rulesPort, env, root);
    rules.start();
    await rules.ready();
    consoles = await Promise.all([startConsole(), startConsole()]);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all([rules?.stop(), ...consoles.map((c) => c.stop())]);
  }, 60_000);

  it('signs in through one console process and uses the session through another', async () => {
    const [a, b] = consoles;
    const session = await signIn(a);
    const current = await fetch(`${b.baseUrl}/session`, { headers: { cookie: session.cookie } });
    expect(current.status).toBe(200);
    expect(await current.json()).toMatchObject({ csrf_token: session.csrf });
    expect(await proxiedStatus(b, session.cookie)).toBe(200);
    // A write through the other process takes the same CSRF token, and only it.
    const write = (csrf: string) =>
      fetch(`${b.baseUrl}/api/rules/v1/campaigns`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({
          id: `sessions-${randomUUID()}`,
          name: 'shared',
          value: '10.00',
          currency: 'USD',
        }),
      });
    expect((await write('not-the-token')).status).toBe(403);
    expect((await write(session.csrf)).status).toBe(201);
  });

  it('stores neither the admin token nor the session id nor the CSRF token', async () => {
    const session = await signIn(consoles[0]);
    const { rows } = await db.query('SELECT * FROM console.sessions');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const table = JSON.stringify(rows);
    for (const secret of [adminToken, session.id, session.csrf]) expect(table).not.toContain(secret);
    // A stored key is no cookie: presented as one, it finds nothing.
    for (const row of rows as { key: string }[]) {
      expect(await sessionStatus(consoles[1], `${COOKIE}=${row.key}`)).toBe(401);
    }
  });

  it('keeps everyone signed in across a restart of the console', async () => {
    const session = await signIn(consoles[0]);
    await consoles[0].stop();
    consoles[0] = await startConsole();
    expect(await sessionStatus(consoles[0], session.cookie)).toBe(200);
    expect(await proxiedStatus(consoles[0], session.cookie)).toBe(200);
  });

  it('ends a session at its expiry', async () => {
    const session = await signIn(consoles[0]);
    expect(await sessionStatus(consoles[1], session.cookie)).toBe(200);
    const expired = await db.query(
      `UPDATE console.sessions SET expires_at = now() - interval '1 second' WHERE key = $1`,
      rowOf(session.id),
    );
    expect(expired.rowCount).toBe(1);
    expect(await sessionStatus(consoles[1], session.cookie)).toBe(401);
    expect(await proxiedStatus(consoles[0], session.cookie)).toBe(401);
  });

  it('signs out everywhere: the row is deleted', async () => {
    const [a, b] = consoles;
    const session = await signIn(a);
    const stored = () => db.query('SELECT 1 FROM console.sessions WHERE key = $1', rowOf(session.id));
    expect((await stored()).rowCount).toBe(1);
    const out = await fetch(`${b.baseUrl}/session`, {
      method: 'DELETE',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
    });
    expect(out.status).toBe(204);
    expect((await stored()).rowCount).toBe(0);
    expect(await sessionStatus(a, session.cookie)).toBe(401);
    expect(await proxiedStatus(a, session.cookie)).toBe(401);
  });
});
