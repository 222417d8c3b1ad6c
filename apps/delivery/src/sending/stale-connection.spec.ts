import { createServer, type Server } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { GotPostbackSender } from './got-postback.sender';
import { parseAllowList } from '../ssrf/address-policy';

/**
 * A kept-alive connection the receiver closed just as a request went out on it: the request is
 * sent once more on a new connection. A real HTTP server resets a reused connection when a
 * request arrives on it, before answering: to the sender, the same as losing that race (the
 * server here reads the request first, which a receiver closing an idle connection does not).
 */
describe('GotPostbackSender on a stale kept-alive connection', () => {
  let server: Server;
  let base: string;
  /** Requests that arrived on a connection that had already carried one, and what became of them. */
  let resetReused = false;
  let resetEvery = false;
  /** Reused connections get a complete status line and headers, then the reset. */
  let resetAfterHeaders = false;
  const served: { url: string; connection: number; reset: boolean }[] = [];
  const connections = new Map<Socket, number>();
  const requestsOn = new Map<Socket, number>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const socket = req.socket;
      const count = (requestsOn.get(socket) ?? 0) + 1;
      requestsOn.set(socket, count);
      const reset = resetEvery || (resetReused && count > 1);
      served.push({ url: req.url!, connection: connections.get(socket)!, reset });
      if (reset && resetAfterHeaders) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '100' });
        res.write('partial', () => setTimeout(() => socket.resetAndDestroy(), 20));
      } else if (reset) socket.resetAndDestroy();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    server.on('connection', (socket: Socket) => connections.set(socket, connections.size + 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    resetReused = false;
    resetEvery = false;
    resetAfterHeaders = false;
    served.length = 0;
  });

  const senderCounting = () => {
    const stale = { count: 0 };
    const sender = new GotPostbackSender({
      connectMs: 1000,
      totalMs: 2000,
      maxBodyBytes: 1024,
      allow: parseAllowList(['127.0.0.1']),
      onStaleConnection: () => stale.count++,
    });
    return { sender, stale };
  };
  const get = (url: string) => ({ method: 'GET' as const, url, headers: {}, body: null });

  it('sends a request that failed on a reused connection once more, on a new one', async () => {
    const { sender, stale } = senderCounting();
    expect((await sender.send(get(`${base}/first`))).status).toBe(200);
    resetReused = true;

    const result = await sender.send(get(`${base}/second`));

    expect(result).toMatchObject({ status: 200, failure: null });
    expect(stale.count).toBe(1);
    const [first, reset, resent] = served;
    expect(reset).toMatchObject({ url: '/second', connection: first.connection, reset: true });
    expect(resent).toMatchObject({ url: '/second', reset: false });
    expect(resent.connection).not.toBe(first.connection);
    expect(served).toHaveLength(3);
    sender.close();
  });

  it('does not send again when the new connection fails too: the attempt fails with the reset', async () => {
    const { sender, stale } = senderCounting();
    expect((await sender.send(get(`${base}/first`))).status).toBe(200);
    resetEvery = true;

    const result = await sender.send(get(`${base}/twice`));

    expect(result.status).toBeNull();
    expect(result.failure).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
    expect(stale.count).toBe(1);
    expect(served.filter(({ url }) => url === '/twice')).toHaveLength(2);
    sender.close();
  });

  it('does not send again once the receiver answered: a reset after the headers is the attempt failing', async () => {
    const { sender, stale } = senderCounting();
    expect((await sender.send(get(`${base}/first`))).status).toBe(200);
    resetReused = true;
    resetAfterHeaders = true;

    const result = await sender.send(get(`${base}/answered`));

    expect(result.status).toBeNull();
    expect(result.failure).toMatchObject({ kind: 'network' });
    expect(stale.count).toBe(0);
    expect(served.filter(({ url }) => url === '/answered')).toHaveLength(1);
    sender.close();
  });

  it('does not send again when the connection was new: a reset there is the receiver failing', async () => {
    const { sender, stale } = senderCounting();
    resetEvery = true;

    const result = await sender.send(get(`${base}/fresh`));

    expect(result.failure).toMatchObject({ kind: 'network', code: 'ECONNRESET' });
    expect(stale.count).toBe(0);
    expect(served).toHaveLength(1);
    sender.close();
  });
});
