import { type LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Resolver } from './guarded-lookup';
import { parseAllowList } from './address-policy';
import { GotPostbackSender } from '../sending/got-postback.sender';
import { failureText } from '../sending/postback-sender';

/** A local HTTP server on one loopback address that counts what reaches it. */
async function listen(host: string, answer: (path: string) => [number, Record<string, string>]) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const [status, headers] = answer(req.url ?? '');
    // No keep-alive: every request needs a new connection, hence a new lookup.
    res.writeHead(status, { connection: 'close', ...headers }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { hits, server, port: (server.address() as AddressInfo).port };
}

/**
 * SSRF through the real got sender: IP literals in every spelling, names whose addresses are
 * refused (stubbed DNS, answered at connect time through the sender's guarded lookup), DNS
 * rebinding between attempts, and redirects to a private address. "Public" here is 127.0.0.1,
 * allow-listed; the private target is a second server on 127.0.0.2 that must never be reached.
 */
describe('SSRF: the sender refuses private targets in every form', () => {
  let publicServer: Awaited<ReturnType<typeof listen>>;
  let privateServer: Awaited<ReturnType<typeof listen>>;
  let answers: Record<string, string[][]> = {};
  const lookups: string[] = [];
  /** A stub resolver: each lookup of a name takes its next scripted answer (the last repeats). */
  const resolve: Resolver = (hostname, _options, callback) => {
    lookups.push(hostname);
    const script = answers[hostname] ?? [];
    const next = script.length > 1 ? script.shift()! : (script[0] ?? []);
    if (hostname === 'missing.example') {
      return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }), []);
    }
    callback(
      null,
      next.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  const sender = new GotPostbackSender({
    connectMs: 1000,
    totalMs: 2000,
    maxBodyBytes: 65536,
    allow: parseAllowList(['127.0.0.1/32']),
    resolve,
  });
  /** With nothing allow-listed, as production runs: for the literals, including 127.0.0.1. */
  const strict = new GotPostbackSender({
    connectMs: 1000,
    totalMs: 2000,
    maxBodyBytes: 65536,
    allow: [],
    resolve,
  });
  /** The result with its failure as people read it (`ESSRF: …`), which the cases match. */
  const get = async (url: string, via = sender) => {
    const result = await via.send({ method: 'GET', url, headers: {}, body: null });
    return { ...result, error: failureText(result.failure) };
  };

  beforeAll(async () => {
    privateServer = await listen('127.0.0.2', () => [200, {}]);
    publicServer = await listen('127.0.0.1', (path) =>
      path.startsWith('/redirect')
        ? [302, { location: decodeURIComponent(path.split('to=')[1]) }]
        : [200, {}],
    );
  });

  beforeEach(() => {
    answers = {};
    lookups.length = 0;
  });

  afterAll(async () => {
    sender.close();
    strict.close();
    for (const { server } of [publicServer, privateServer]) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });

  afterEach(() => expect(privateServer.hits).toEqual([]));

  it('reaches the allowed server (the control case)', async () => {
    expect(await get(`http://127.0.0.1:${publicServer.port}/pb`)).toMatchObject({ status: 200 });
    answers['partner.example'] = [['127.0.0.1']];
    expect(await get(`http://partner.example:${publicServer.port}/pb`)).toMatchObject({ status: 200 });
  });

  it.each([
    ['decimal', 'http://2130706434:PORT/', /127\.0\.0\.2 is a loopback/],
    ['hexadecimal', 'http://0x7f000002:PORT/', /127\.0\.0\.2 is a loopback/],
    ['octal', 'http://017700000002:PORT/', /127\.0\.0\.2 is a loopback/],
    ['short dotted', 'http://127.2:PORT/', /127\.0\.0\.2 is a loopback/],
    ['mixed hex', 'http://0x7f.0.0.2:PORT/', /127\.0\.0\.2 is a loopback/],
    ['short hex', 'http://0x7f.1/', /127\.0\.0\.1|loopback/],
    ['decimal loopback', 'http://2130706433/', /loopback/],
    ['octal loopback', 'http://017700000001/', /loopback/],
    ['IPv4-mapped IPv6, dotted', 'http://[::ffff:127.0.0.2]:PORT/', /loopback/],
    ['IPv4-mapped IPv6, hex', 'http://[::ffff:7f00:2]:PORT/', /loopback/],
    ['IPv4-compatible IPv6', 'http://[::127.0.0.2]:PORT/', /loopback/],
    ['IPv6 loopback', 'http://[::1]:PORT/', /loopback/],
    ['unspecified IPv4 (reaches localhost on Linux)', 'http://0.0.0.0:PORT/', /unspecified/],
    ['unspecified IPv6', 'http://[::]:PORT/', /unspecified/],
    ['short zero', 'http://0:PORT/', /unspecified/],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/', /metadata/],
    ['metadata, mapped', 'http://[::ffff:a9fe:a9fe]/', /metadata/],
    ['metadata, decimal', 'http://2852039166/', /metadata/],
    ['link-local IPv4', 'http://169.254.1.1/', /link-local/],
    ['link-local IPv6', 'http://[fe80::1]/', /link-local/],
    ['unique-local IPv6', 'http://[fd12:3456::1]/', /unique local/],
    ['private 10/8', 'http://10.0.0.1/', /private/],
    ['private 192.168/16', 'http://192.168.1.1/', /private/],
    ['CGNAT', 'http://100.64.0.1/', /CGNAT/],
    ['NAT64 of a private address', 'http://[64:ff9b::a00:1]/', /private/],
    ['local-use NAT64 (any IPv4 behind it)', 'http://[64:ff9b:1::a00:1]/', /NAT64/],
    ['Teredo (an IPv4 tunnel)', 'http://[2001:0:a00:1::1]/', /Teredo/],
  ])('refuses an IP literal: %s (%s)', async (_form, url, reason) => {
    const result = await get(url.replace('PORT', String(privateServer.port)), strict);
    expect(result).toMatchObject({ status: null, error: expect.stringMatching(/^ESSRF: /) });
    expect(result.error).toMatch(reason);
    expect(result.failure).toMatchObject({ kind: 'refused', code: 'ESSRF' });
  });

  it.each([
    ['loopback', ['127.0.0.2']],
    ['a metadata address', ['169.254.169.254']],
    ['a mapped loopback address', ['::ffff:127.0.0.2']],
    ['link-local IPv6', ['fe80::1']],
    ['unique-local IPv6', ['fd00::1']],
    ['CGNAT', ['100.64.1.1']],
    ['the unspecified address', ['0.0.0.0']],
    ['a public address and a private one', ['127.0.0.1', '127.0.0.2']],
    ['a private address and a public one', ['10.1.1.1', '127.0.0.1']],
  ])('refuses a name that resolves to %s, at connect time', async (_case, addresses) => {
    answers['rebind.example'] = [addresses];
    const result = await get(`http://rebind.example:${privateServer.port}/pb`);
    expect(result).toMatchObject({
      status: null,
      error: expect.stringMatching(/^ESSRF: rebind\.example resolves to/),
    });
    expect(lookups).toEqual(['rebind.example']);
  });

  it('refuses a name that resolves to nothing, and reports one that does not resolve', async () => {
    answers['empty.example'] = [[]];
    expect((await get(`http://empty.example:${publicServer.port}/`)).error).toMatch(
      /^ESSRF: empty\.example resolves to nothing/,
    );
    expect((await get(`http://missing.example:${publicServer.port}/`)).error).toMatch(/ENOTFOUND/);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/', 'gopher://127.0.0.1:70/_x', 'ws://partner.example/'])(
    'refuses a scheme other than http(s): %s',
    async (url) => {
      expect(await get(url, strict)).toMatchObject({
        status: null,
        error: expect.stringMatching(/^ESSRF: /),
      });
    },
  );

  it('re-checks every attempt: a name that answered public first and private next is refused (DNS rebinding)', async () => {
    answers['rebind.example'] = [['127.0.0.1'], ['127.0.0.2']];
    const url = `http://rebind.example:${publicServer.port}/first`;
    expect(await get(url)).toMatchObject({ status: 200 });
    // The retry (a new connection: the server closed the first) looks the name up again.
    const retry = await get(url.replace(String(publicServer.port), String(privateServer.port)));
    expect(retry).toMatchObject({
      status: null,
      error: expect.stringMatching(/ESSRF: .*127\.0\.0\.2 is a loopback/),
    });
    expect(lookups).toEqual(['rebind.example', 'rebind.example']);
    expect(publicServer.hits).toContain('/first');
  });

  it.each([
    ['to a private IP literal', () => `http://127.0.0.2:${privateServer.port}/stolen`],
    ['to the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['to a name that resolves privately', () => `http://rebind.example:${privateServer.port}/stolen`],
  ])('does not follow a redirect from an allowed host %s', async (_case, target) => {
    answers['rebind.example'] = [['127.0.0.2']];
    const result = await get(
      `http://127.0.0.1:${publicServer.port}/redirect?to=${encodeURIComponent(target())}`,
    );
    expect(result).toMatchObject({ status: 302, error: null });
    expect(lookups).toEqual([]);
  });
});
