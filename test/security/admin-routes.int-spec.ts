import { randomUUID } from 'node:crypto';
import { type ServiceName } from '@postback/testing';
import { type Route, SecurityStack } from './support/security-stack';

/**
 * Every route of the three running services, as Fastify registered them (so a new route is
 * covered without editing this file), refuses a request without the admin token or with a
 * wrong one — except the few public routes listed here, which must stay that few.
 */
describe('admin routes refuse a missing or wrong token', () => {
  const stack = new SecurityStack();
  /** Open to anyone on purpose: probes, metrics, the API descriptions and their rendered reference. */
  const PUBLIC_URLS = new Set([
    '/health/live',
    '/health/ready',
    '/metrics',
    '/openapi.json',
    '/asyncapi.json',
  ]);
  const PUBLIC = {
    has: (url: string) => PUBLIC_URLS.has(url) || url === '/docs' || url.startsWith('/docs/'),
  };
  /** Authenticated by a source's API key instead of the admin token: they refuse admin tokens too. */
  const INTAKE = new Set(['/v1/postback', '/v1/dispositions', '/v1/call-events']);
  const services: ServiceName[] = ['ingest', 'rules', 'delivery'];
  const guarded = (name: ServiceName): Route[] =>
    stack.routes(name).filter((route) => !PUBLIC.has(route.url));
  const pathOf = (url: string): string =>
    url.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, 'anything');

  beforeAll(() => stack.start(), 240_000);
  afterAll(() => stack.stop(), 60_000);

  it('reads each running service’s route table', () => {
    const table = (name: ServiceName) => stack.routes(name).map((r) => `${r.method} ${r.url}`);
    expect(table('ingest')).toEqual(expect.arrayContaining(['POST /v1/sources', 'GET /v1/postback']));
    expect(table('delivery')).toEqual(
      expect.arrayContaining(['GET /v1/endpoints/:id', 'POST /v1/dlq/replay']),
    );
    expect(table('rules').filter((route) => route.includes('/v1/')).length).toBeGreaterThan(0);
    for (const name of services) expect(table(name)).toEqual(expect.arrayContaining(['GET /metrics']));
  });

  it.each(services)('%s: only the listed routes are public', async (name) => {
    const open = stack.routes(name).filter((route) => PUBLIC.has(route.url) && route.method === 'GET');
    for (const route of open) {
      const response = await fetch(`${stack.services[name].baseUrl}${route.url}`);
      expect({ route, status: response.status }).toEqual({ route, status: 200 });
    }
  });

  const wrongCredentials = (): Record<string, Record<string, string>> => ({
    'no credentials': {},
    'a wrong bearer token': { authorization: `Bearer wrong-${randomUUID()}` },
    'the token with a character more': { authorization: `Bearer ${stack.adminToken}x` },
    'the token less its last character': { authorization: `Bearer ${stack.adminToken.slice(0, -1)}` },
    'the token in another scheme': {
      authorization: `Basic ${Buffer.from(`admin:${stack.adminToken}`).toString('base64')}`,
    },
    'the token as an API key': { 'x-api-key': stack.adminToken },
    'an empty bearer': { authorization: 'Bearer ' },
  });

  it.each(services)('%s: every other route answers 401 to missing or wrong credentials', async (name) => {
    const routes = guarded(name);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      for (const [credentials, headers] of Object.entries(wrongCredentials())) {
        const hasBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
        const response = await fetch(`${stack.services[name].baseUrl}${pathOf(route.url)}`, {
          method: route.method,
          headers: { ...headers, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
          body: hasBody ? '{}' : undefined,
        });
        expect({ route, credentials, status: response.status }).toEqual({ route, credentials, status: 401 });
      }
    }
  });

  it.each(services)('%s: the right token passes the guard of every admin GET route', async (name) => {
    const reads = guarded(name).filter((route) => route.method === 'GET' && !INTAKE.has(route.url));
    expect(reads.length).toBeGreaterThan(0);
    for (const route of reads) {
      const response = await stack.admin(name, pathOf(route.url));
      expect({ route, refused: response.status === 401 }).toEqual({ route, refused: false });
    }
  });
});
