import { randomUUID } from 'node:crypto';
import { AnswerValidator, type DocumentedResponses, type ServiceName } from '@postback/testing';
import { SecurityStack } from '../security/support/security-stack';

type Parameter = { name: string; in: string; required?: boolean; example?: unknown };
type Operation = {
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses?: DocumentedResponses;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};
type Planned = { method: string; path: string; operation: Operation };

const services: ServiceName[] = ['ingest', 'rules', 'delivery'];
/** The reference page's own routes (@scalar/fastify-api-reference: its HTML and script). */
const isDocsPage = (url: string): boolean => url === '/docs' || url.startsWith('/docs/');
const nestPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** Creating requests first, then reads, then changes, then deletions: each finds what it needs. */
const rank = ({ method, path }: Planned): number =>
  method === 'POST' && !path.includes('{') ? 0 : method === 'GET' ? 1 : method === 'DELETE' ? 3 : 2;
const plan = (document: Document): Planned[] =>
  Object.entries(document.paths)
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        operation,
      })),
    )
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));

/**
 * The OpenAPI documents the three running services serve: every route each service registered
 * (read from Fastify's route table, not from a list here) is described, and every operation,
 * sent with its documented example, is accepted by the live route on the real stack, with a
 * JSON answer that the documented schema of its status accepts.
 */
describe('API descriptions', () => {
  const stack = new SecurityStack();
  const documents = {} as Record<ServiceName, Document>;
  const base = (name: ServiceName): string => stack.services[name].baseUrl;

  beforeAll(async () => {
    await stack.start();
    for (const name of services) {
      documents[name] = (await (await fetch(`${base(name)}/openapi.json`)).json()) as Document;
    }
  }, 240_000);
  afterAll(() => stack.stop(), 60_000);

  it.each(services)('%s: every route the running service registered is described, and no other', (name) => {
    expect(documents[name].openapi).toBe('3.1.0');
    const registered = stack
      .routes(name)
      .filter((route) => route.method !== 'HEAD' && !isDocsPage(route.url))
      .map((route) => `${route.method} ${route.url}`);
    const described = plan(documents[name]).map(({ method, path }) => `${method} ${nestPath(path)}`);
    expect(registered.length).toBeGreaterThan(5);
    expect([...new Set(described)].sort()).toEqual([...new Set(registered)].sort());
  });

  it.each(services)('%s: serves the rendered reference at /docs', async (name) => {
    const response = await fetch(`${base(name)}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('/openapi.json');
  });

  it.each(services)('%s: each documented example request is accepted by the live route', async (name) => {
    const document = documents[name];
    const answers = new AnswerValidator(document.components);
    const examples = plan(document);
    // Intake routes take a source's key: a source made with the documented example of POST /v1/sources.
    const sourceExample =
      document.paths['/v1/sources']?.post.requestBody?.content['application/json'].example;
    const intakeKey = sourceExample
      ? (
          (await (
            await stack.admin(name, '/v1/sources', { method: 'POST', body: sourceExample })
          ).json()) as {
            api_key: { key: string };
          }
        ).api_key.key
      : undefined;
    const created = new Map<string, string>();
    const refused: unknown[] = [];
    const drifted: unknown[] = [];
    const missingExamples: string[] = [];
    for (const { method, path, operation } of examples) {
      const parameters = operation.parameters ?? [];
      let madeUp = false;
      const url = path.replace(/\{(\w+)\}/g, (_whole, param: string, offset: number) => {
        const made = created.get(path.slice(0, offset - 1));
        if (made) return encodeURIComponent(made);
        madeUp = true;
        const example = parameters.find((p) => p.in === 'path' && p.name === param)?.example;
        return encodeURIComponent(String(example ?? randomUUID()));
      });
      const query = new URLSearchParams(
        parameters
          .filter((p) => p.in === 'query' && p.example !== undefined)
          .map((p): [string, string] => [p.name, String(p.example)]),
      ).toString();
      for (const p of parameters) {
        if (p.in === 'query' && p.required && p.example === undefined)
          missingExamples.push(`${method} ${path} ?${p.name}`);
      }
      const content = operation.requestBody?.content['application/json'];
      if (operation.requestBody && content?.example === undefined)
        missingExamples.push(`${method} ${path} body`);
      const schemes = new Set((operation.security ?? []).flatMap((requirement) => Object.keys(requirement)));
      const response = await fetch(`${base(name)}${url}${query ? `?${query}` : ''}`, {
        method,
        headers: {
          ...(schemes.has('adminToken') ? { authorization: `Bearer ${stack.adminToken}` } : {}),
          ...(schemes.has('apiKeyHeader') && intakeKey ? { 'x-api-key': intakeKey } : {}),
          ...(content ? { 'content-type': 'application/json' } : {}),
        },
        body: content ? JSON.stringify(withMadeEndpoint(content.example, created)) : undefined,
      });
      const text = await response.text();
      const isJson = /^application\/json\b/i.test(response.headers.get('content-type') ?? '');
      const body: unknown = isJson ? JSON.parse(text) : undefined;
      const answer = (typeof body === 'object' && body !== null ? body : {}) as {
        id?: unknown;
        error?: unknown;
      };
      if (method === 'POST' && response.ok && !path.endsWith('}') && typeof answer.id === 'string') {
        created.set(path, answer.id);
      }
      // An id no documented request can make (a delivery comes from the pipeline): the route
      // took the request and looked the id up.
      const accepted = response.ok || (madeUp && response.status === 404 && answer.error === 'not_found');
      const request = `${method} ${url}${query ? `?${query}` : ''}`;
      if (!accepted) refused.push({ request, status: response.status, text });
      const problems = isJson ? answers.documentedProblems(operation.responses, response.status, body) : null;
      if (accepted && problems) drifted.push({ request, status: response.status, problems, text });
    }
    expect(missingExamples).toEqual([]);
    expect(refused).toEqual([]);
    expect(drifted).toEqual([]);
    expect(examples.length).toBeGreaterThan(3);
  });

  it('delivery serves the topics as AsyncAPI 3', async () => {
    const response = await fetch(`${base('delivery')}/asyncapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(document.asyncapi).toBe('3.0.0');
    expect(Object.values(document.channels).map((channel) => channel.address)).toEqual(
      expect.arrayContaining(['conversions.v1', 'postbacks.outcomes.v1', 'postbacks.retry.1s']),
    );
  });
});

/** A body that names an endpoint takes the one the documented `POST /v1/endpoints` made. */
function withMadeEndpoint(example: unknown, created: Map<string, string>): unknown {
  const endpointId = created.get('/v1/endpoints');
  if (!endpointId || typeof example !== 'object' || example === null || !('endpoint_id' in example))
    return example;
  return { ...example, endpoint_id: endpointId };
}
