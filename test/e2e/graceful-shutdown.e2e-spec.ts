import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import {
  type ReceivedRequest,
  type ServiceName,
  ServiceProcess,
  TestReceiver,
  freePort,
} from '@postback/testing';
import { deactivateLeftoverEndpoints } from '../support/quiet-endpoints';

/**
 * SIGTERM under load: while dispositions stream into ingest, rules, delivery and then ingest
 * itself are stopped with SIGTERM and started again. Each must exit 0 within its grace period,
 * and every disposition that got a 202 must reach the client system — none lost; a postback
 * may arrive twice (at least once), always with the same webhook-id, which the receiver dedupes.
 * The drain is exercised, not assumed: delivery gets its SIGTERM while the receiver holds one
 * postback unanswered, and ingest must acknowledge dispositions between its SIGTERM and its exit.
 */
describe('graceful shutdown under load loses nothing', () => {
  const root = resolve(__dirname, '..', '..');
  const adminToken = `e2e-admin-${randomUUID()}`;
  const receiver = new TestReceiver();
  const services = {} as Record<ServiceName, ServiceProcess>;
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const run = randomUUID().slice(0, 8);
  let receiverUrl: string;
  let apiKey: string;
  let endpointId: string;

  beforeAll(async () => {
    await deactivateLeftoverEndpoints(process.env.DATABASE_URL!);
    receiverUrl = await receiver.start();
    const ports = { ingest: await freePort(), rules: await freePort(), delivery: await freePort() };
    const env = {
      ...process.env,
      ADMIN_TOKEN: adminToken,
      INGEST_PORT: String(ports.ingest),
      RULES_PORT: String(ports.rules),
      DELIVERY_PORT: String(ports.delivery),
      LOG_LEVEL: 'warn',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
      DELIVERY_ENDPOINT_RATE_PER_SECOND: '500',
      RULES_CALL_WAIT_SECONDS: '0',
      SHUTDOWN_GRACE_MS: '15000',
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
        name: 'shutdown receiver',
        url_template: `${receiverUrl}/postback?call_id={call_id}`,
      }),
    });
    expect(created.status).toBe(201);
    endpointId = ((await created.json()) as { id: string }).id;
    const source = await fetch(`${services.ingest.baseUrl}/v1/sources`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'shutdown dialer', rate_limit_per_second: 10_000 }),
    });
    expect(source.status).toBe(201);
    apiKey = ((await source.json()) as { api_key: { key: string } }).api_key.key;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await receiver.stop();
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query('UPDATE delivery.endpoints SET active = false WHERE id = $1', [endpointId]);
    await db.end();
  }, 60_000);

  it('stops and restarts rules, delivery and ingest with SIGTERM mid-stream; every 202 becomes a postback', async () => {
    const accepted = new Set<string>();
    /** When each 202 arrived, to count those answered while a service was shutting down. */
    const acceptedAt: number[] = [];
    const callOf = (url: string) => new URL(url, receiverUrl).searchParams.get('call_id') ?? '';
    let refused = 0;
    let sending = true;

    /** A dialer: one disposition at a time, retried as is (same body) until it gets its 202. */
    const dialer = async (lane: number) => {
      for (let n = 0; sending; n++) {
        const callId = `sd-${run}-${lane}-${n}`;
        const body = JSON.stringify({
          call_id: callId,
          disposition: 'Sale',
          value: '10',
          timestamp: 1796033700,
        });
        while (sending || !accepted.has(callId)) {
          const status = await fetch(`${services.ingest.baseUrl}/v1/dispositions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body,
            signal: AbortSignal.timeout(15_000),
          }).then(
            (response) => response.status,
            () => 0, // connection refused while ingest restarts
          );
          if (status === 202) {
            accepted.add(callId);
            acceptedAt.push(Date.now());
            break;
          }
          refused++;
          if (!sending) break; // the stream is over: an unanswered disposition was never accepted
          await new Promise((resolve) => setTimeout(resolve, 100)); // a dialer's back-off
        }
        await new Promise((resolve) => setTimeout(resolve, 20)); // a steady, modest stream
      }
    };
    const lanes = [0, 1, 2].map(dialer);

    /** `whileStopping` runs right after the SIGTERM was sent, before the exit is awaited. */
    const restart = async (name: ServiceName, whileStopping: () => void = () => undefined) => {
      const [before, startedAt] = [accepted.size, Date.now()];
      const exited = services[name].stop('SIGTERM');
      whileStopping();
      const code = await exited;
      const stoppedMs = Date.now() - startedAt;
      const acceptedWhileStopping = acceptedAt.filter((at) => at >= startedAt && at <= startedAt + stoppedMs);
      services[name].start();
      await services[name].ready();
      return {
        name,
        code,
        stoppedMs,
        backMs: Date.now() - startedAt,
        acceptedMeanwhile: accepted.size - before,
        acceptedWhileStopping: acceptedWhileStopping.length,
        sigtermAt: startedAt,
      };
    };
    const waitForAccepted = async (count: number) => {
      const deadline = Date.now() + 60_000;
      while (accepted.size < count) {
        if (Date.now() > deadline) throw new Error(`only ${accepted.size} of ${count} accepted in time`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };

    let restarts: Awaited<ReturnType<typeof restart>>[];
    let heldPostback: ReceivedRequest | undefined;
    try {
      await waitForAccepted(30);
      const rules = await restart('rules');
      // Delivery is stopped with a postback in flight: the receiver holds its answer until a
      // second after the SIGTERM (past the drain), so the shutdown must wait for it or leave it
      // uncommitted for the next instance to send again.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held: ReceivedRequest | undefined;
      receiver.script((request) => {
        if (held || !callOf(request.url).startsWith(`sd-${run}-`)) return { status: 200 };
        held = request;
        return { status: 200, until: released };
      });
      await receiver.waitFor((request) => request === held, 60_000);
      const delivery = await restart('delivery', () => setTimeout(release, 1000));
      receiver.script(() => ({ status: 200 }));
      heldPostback = held;
      restarts = [rules, delivery, await restart('ingest')];
      await waitForAccepted(accepted.size + 30);
    } finally {
      sending = false;
      await Promise.all(lanes);
    }

    // Every accepted disposition reaches the receiver (each is a new Sale: one postback each).
    const wanted = [...accepted];
    // Generous for a loaded machine (restarted consumers catch up); it ends as soon as all arrived.
    const deadline = Date.now() + 120_000;
    const received = () => new Set(receiver.requests.map((request) => callOf(request.url)));
    while (wanted.some((id) => !received().has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const missing = wanted.filter((id) => !received().has(id));

    const ours = receiver.requests.filter((request) => callOf(request.url).startsWith(`sd-${run}-`));
    const byWebhookId = new Map<string, Set<string>>();
    for (const request of ours) {
      const id = String(request.headers['webhook-id']);
      byWebhookId.set(id, (byWebhookId.get(id) ?? new Set()).add(callOf(request.url)));
    }
    const duplicates = ours.length - byWebhookId.size;
    const heldId = String(heldPostback!.headers['webhook-id']);
    const heldAgain = ours.filter(
      (request) => request !== heldPostback && request.headers['webhook-id'] === heldId,
    );
    console.log(
      `[graceful shutdown] accepted ${accepted.size}, refused or unanswered attempts ${refused}, ` +
        `held postback answered ${heldPostback!.answered}, sent again ${heldAgain.length}, ` +
        `postbacks ${ours.length}, distinct ${byWebhookId.size}, duplicates ${duplicates}; restarts ` +
        JSON.stringify(restarts),
    );

    expect(restarts.map(({ name, code }) => ({ name, code }))).toEqual([
      { name: 'rules', code: 0 },
      { name: 'delivery', code: 0 },
      { name: 'ingest', code: 0 },
    ]);
    // Work was in flight at each SIGTERM: delivery had a postback out (received before the
    // signal), which was either completed or sent again under the same webhook-id...
    const [, delivery, ingest] = restarts;
    expect(heldPostback!.receivedAt).toBeLessThanOrEqual(delivery.sigtermAt);
    expect(heldPostback!.answered === 200 || heldAgain.length > 0).toBe(true);
    // ...and ingest acknowledged dispositions between its SIGTERM and its exit (the drain), each
    // of which must reach the receiver like every other 202.
    expect(ingest.acceptedWhileStopping).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    // One delivery per accepted disposition; a repeat only ever repeats the same delivery.
    expect(byWebhookId.size).toBe(accepted.size);
    for (const calls of byWebhookId.values()) expect(calls.size).toBe(1);
  }, 240_000);
});
