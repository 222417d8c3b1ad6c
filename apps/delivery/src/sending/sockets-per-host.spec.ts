import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { GotPostbackSender } from './got-postback.sender';
import { parseAllowList } from '../ssrf/address-policy';

/**
 * The sender itself caps nothing per host: as many requests as the endpoint limiter lets go
 * reach the receiver at once (the default endpoint limit is 100; endpoints sharing a host add up).
 */
describe('GotPostbackSender, requests in flight to one host', () => {
  const AT_ONCE = 150;
  let server: Server;
  let base: string;
  const held: ServerResponse[] = [];
  let mostAtOnce = 0;

  beforeAll(async () => {
    // Answers nobody until AT_ONCE requests are there at the same time, then everybody.
    server = createServer((_req, res) => {
      held.push(res);
      mostAtOnce = Math.max(mostAtOnce, held.length);
      if (held.length === AT_ONCE) held.splice(0).forEach((waiting) => waiting.writeHead(200).end('ok'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    held.splice(0).forEach((waiting) => waiting.destroy());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it(`has ${AT_ONCE} requests to one host in flight at once when asked to`, async () => {
    const sender = new GotPostbackSender({
      connectMs: 1000,
      totalMs: 5000,
      maxBodyBytes: 1024,
      allow: parseAllowList(['127.0.0.1']),
    });
    try {
      const results = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          sender.send({ method: 'GET', url: `${base}/p?n=${i}`, headers: {}, body: null }),
        ),
      );
      expect(mostAtOnce).toBe(AT_ONCE);
      expect(results.filter((result) => result.status === 200)).toHaveLength(AT_ONCE);
    } finally {
      sender.close();
    }
  });
});
