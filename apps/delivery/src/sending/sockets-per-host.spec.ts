import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { GotPostbackSender, MAX_SOCKETS_PER_HOST } from './got-postback.sender';
import { parseAllowList } from '../ssrf/address-policy';

/**
 * Requests to one host in flight at once: as many as the endpoint limiter lets go, up to
 * MAX_SOCKETS_PER_HOST (above the default endpoint limit of 100), and never more connections.
 */
describe('GotPostbackSender, requests in flight to one host', () => {
  const ASKED = MAX_SOCKETS_PER_HOST + 20;
  let server: Server;
  let base: string;
  let held: ServerResponse[] = [];
  let released = false;
  let open = 0;
  let mostConnections = 0;

  beforeAll(async () => {
    // Answers nobody until MAX_SOCKETS_PER_HOST requests are there at the same time, then everybody.
    server = createServer((_req, res) => {
      if (released) return void res.writeHead(200).end('ok');
      held.push(res);
      if (held.length < MAX_SOCKETS_PER_HOST) return;
      released = true;
      held.forEach((waiting) => waiting.writeHead(200).end('ok'));
      held = [];
    });
    server.on('connection', (socket) => {
      mostConnections = Math.max(mostConnections, ++open);
      socket.once('close', () => open--);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    held.forEach((waiting) => waiting.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it(`has up to ${MAX_SOCKETS_PER_HOST} requests to one host in flight, on as many connections and no more`, async () => {
    expect(MAX_SOCKETS_PER_HOST).toBeGreaterThan(100); // the default endpoint limit fits under it
    const sender = new GotPostbackSender({
      connectMs: 1000,
      totalMs: 5000,
      maxBodyBytes: 1024,
      allow: parseAllowList(['127.0.0.1']),
    });
    try {
      const results = await Promise.all(
        Array.from({ length: ASKED }, (_, i) =>
          sender.send({ method: 'GET', url: `${base}/p?n=${i}`, headers: {}, body: null }),
        ),
      );
      expect(results.filter((result) => result.status === 200)).toHaveLength(ASKED);
      expect(mostConnections).toBe(MAX_SOCKETS_PER_HOST);
    } finally {
      sender.close();
    }
  });
});
