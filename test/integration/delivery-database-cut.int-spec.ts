import { randomUUID } from 'node:crypto';
import { DeliveryHarness } from '../support/delivery-harness';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * The delivery service's PostgreSQL cut (a proxy the test owns) between sending a postback and
 * recording it: the service waits for the database instead of failing the message, which would
 * be replayed and sent again.
 */
describe('delivery: the database away after a successful send', () => {
  const database = new URL(process.env.DATABASE_URL!);
  const pgProxy = new TcpProxy(database.hostname, Number(database.port || 5432));
  let h: DeliveryHarness;

  beforeAll(async () => {
    await pgProxy.open();
    const viaProxy = new URL(database);
    viaProxy.port = String(pgProxy.port);
    h = new DeliveryHarness({
      LOG_LEVEL: 'info',
      DATABASE_URL: viaProxy.toString(),
      DELIVERY_RETRY_SCHEDULE: '1s,2s,3s',
      DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    });
    await h.start();
  }, 180_000);
  afterAll(async () => {
    await h.stop();
    await pgProxy.close();
  }, 60_000);

  it('records a postback sent while the database was away once it is back, and sends it once', async () => {
    const campaign = `db-cut-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    let cut!: Promise<void>;
    h.receiver.script((request) => {
      if (!h.forCampaign(campaign)(request)) return { status: 200 };
      cut ??= pgProxy.close(); // the first request cuts the database, then is answered 200
      return { status: 200, until: cut };
    });
    const decision = await h.decide(campaign);

    await h.receiver.waitFor(h.forCampaign(campaign), 30_000);
    await cut;
    // The outage: the service tries to record the attempt and keeps failing meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await pgProxy.open();

    const stored = await h.deliveryOf(endpointId, decision.call_id, 'delivered', 60_000);
    expect(stored.attempt_count).toBe(1);
    expect(h.requestsFor(campaign)).toHaveLength(1);
    expect((await h.readOutcome(stored.id)).value).toMatchObject({ outcome: 'delivered', attempts: 1 });
  }, 120_000);
});
