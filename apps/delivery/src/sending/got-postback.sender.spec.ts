import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { GIF_PIXEL } from '@postback/testing';
import { GotPostbackSender } from './got-postback.sender';
import { failureText } from './postback-sender';
import { parseAllowList } from '../ssrf/address-policy';

/** The adapter against a real local HTTP server: what got really sends and how failures come back. */
describe('GotPostbackSender', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const MAX_BODY = 65_536;
  const sender = new GotPostbackSender({
    connectMs: 1000,
    totalMs: 300,
    maxBodyBytes: MAX_BODY,
    allow: parseAllowList(['127.0.0.1']),
  });
  // Time enough to inflate all of a gzip bomb: only the read limit may stop it.
  const patient = new GotPostbackSender({
    connectMs: 1000,
    totalMs: 60_000,
    maxBodyBytes: MAX_BODY,
    allow: parseAllowList(['127.0.0.1']),
  });
  const guarded = new GotPostbackSender({ connectMs: 1000, totalMs: 300, maxBodyBytes: MAX_BODY, allow: [] });
  // A gzip bomb: 300 gzip members of 1 MiB of zeros each, ~300 KB on the wire, 300 MiB inflated.
  const MEMBER = gzipSync(Buffer.alloc(1 << 20));
  const BOMB_MEMBERS = 300;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url?.startsWith('/slow')) return; // never answers: the total timeout must fire
        if (req.url?.startsWith('/bomb')) return gzipBomb(res);
        if (req.url?.startsWith('/drip')) return drip(res);
        if (req.url?.startsWith('/pixel')) {
          res.writeHead(200, { 'content-type': 'image/gif' }).end(GIF_PIXEL);
          return;
        }
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

  function gzipBomb(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    let written = 0;
    const write = (): void => {
      while (written < BOMB_MEMBERS && !res.destroyed) {
        written++;
        if (!res.write(MEMBER)) return void res.once('drain', write);
      }
      res.end();
    };
    write();
  }

  /** Answers 200 at once, then one byte every 20 ms, for ever. */
  function drip(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), 20);
    res.once('close', () => clearInterval(timer));
  }

  afterAll(async () => {
    sender.close();
    patient.close();
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
    expect(result).toMatchObject({ status: 200, body: 'ok=1', failure: null });
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
    expect(result.failure).toMatchObject({ kind: 'network', code: 'ETIMEDOUT' });
  });

  it('reports a refused connection as an error with no status', async () => {
    const result = await sender.send({ method: 'GET', url: 'http://127.0.0.1:1/', headers: {}, body: null });
    expect(result).toMatchObject({ status: null, failure: { kind: 'network', code: 'ECONNREFUSED' } });
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
    expect(result).toMatchObject({ status: null, failure: { kind: 'refused', code: 'ESSRF' } });
    expect(failureText(result.failure)).toMatch(error);
    expect(seen.length).toBe(before);
  });

  it('reads a gzip bomb only up to the limit, after decompression, and drops the rest', async () => {
    const rssBefore = process.memoryUsage().rss;
    const result = await patient.send({ method: 'GET', url: `${base}/bomb`, headers: {}, body: null });
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(result).toMatchObject({ status: 200, failure: null });
    expect(result.received).toMatchObject({ size: MAX_BODY, truncated: true, binary: true });
    expect(result.body).toHaveLength(MAX_BODY);
    // 300 MiB inflated: what was read stays a small fraction of it.
    expect(rssGrowth).toBeLessThan(48 << 20);
  });

  it('cuts a receiver that drips its body at the total timeout', async () => {
    const result = await sender.send({ method: 'GET', url: `${base}/drip`, headers: {}, body: null });
    expect(result).toMatchObject({ status: null, failure: { kind: 'network', code: 'ETIMEDOUT' } });
  });

  it('returns a binary body with its bytes and content type', async () => {
    const result = await sender.send({ method: 'GET', url: `${base}/pixel`, headers: {}, body: null });
    expect(result.received).toMatchObject({ binary: true, truncated: false, contentType: 'image/gif' });
    expect(result.received?.raw?.equals(GIF_PIXEL)).toBe(true);
  });
});
