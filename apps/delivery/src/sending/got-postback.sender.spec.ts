import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { GotPostbackSender } from './got-postback.sender';
import { parseAllowList } from '../ssrf/address-policy';

/** The adapter against a real local HTTP server: what got really sends and how failures come back. */
describe('GotPostbackSender', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const sender = new GotPostbackSender({
    connectMs: 1000,
    totalMs: 300,
    allow: parseAllowList(['127.0.0.1']),
  });
  const guarded = new GotPostbackSender({ connectMs: 1000, totalMs: 300, allow: [] });

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/slow')) return; // never answers: the total timeout must fire
        if (req.url?.startsWith('/redirect')) {
          res.writeHead(302, { location: 'http://elsewhere.test/' }).end();
          return;
        }
        if (req.url?.startsWith('/busy')) {
          res.writeHead(429, { 'retry-after': '7' }).end();
          return;
        }
        res.writeHead(req.url?.startsWith('/fail') ? 503 : 200).end('ok=1');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    sender.close();
    guarded.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, URL, headers and body as rendered', async () => {
    const result = await sender.send({
      method: 'POST',
      url: `${base}/pb?a=1`,
      headers: { 'webhook-id': 'w1', 'content-type': 'application/json' },
      body: '{"x":1}',
    });
    expect(result).toMatchObject({ status: 200, body: 'ok=1', error: null });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/pb?a=1', body: '{"x":1}' });
    expect(seen.at(-1)?.headers['webhook-id']).toBe('w1');
  });

  it('returns a non-2xx status rather than throwing', async () => {
    expect((await sender.send({ method: 'GET', url: `${base}/fail`, headers: {}, body: null })).status).toBe(
      503,
    );
  });

  it('does not follow redirects', async () => {
    expect(
      (await sender.send({ method: 'GET', url: `${base}/redirect`, headers: {}, body: null })).status,
    ).toBe(302);
  });

  it('reports a timeout as an error with no status', async () => {
    const result = await sender.send({ method: 'GET', url: `${base}/slow`, headers: {}, body: null });
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/ETIMEDOUT/);
  });

  it('reports a refused connection as an error with no status', async () => {
    const result = await sender.send({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {}, body: null });
    expect(result).toMatchObject({ status: null, error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('reports Retry-After', async () => {
    const result = await sender.send({ method: 'GET', url: `${base}/busy`, headers: {}, body: null });
    expect(result).toMatchObject({ status: 429, retryAfter: '7' });
  });

  it.each([
    ['an IP literal', () => `${base}/pb`, /ESSRF: 127\.0\.0\.1 is a loopback address/],
    ['a mapped IPv6 literal', () => 'http://[::ffff:127.0.0.1]:1/pb', /ESSRF: .* is a loopback address/],
    [
      'a name that resolves to loopback',
      () => base.replace('127.0.0.1', 'localhost') + '/pb',
      /ESSRF: localhost resolves to .* loopback/,
    ],
  ])('refuses %s without sending anything', async (_case, url, error) => {
    const before = seen.length;
    const result = await guarded.send({ method: 'GET', url: url(), headers: {}, body: null });
    expect(result).toMatchObject({ status: null, error: expect.stringMatching(error) });
    expect(seen.length).toBe(before);
  });
});
