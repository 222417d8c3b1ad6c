import fc from 'fast-check';
import { type ServiceProcess } from '@postback/testing';
import {
  callEventObject,
  dispositionObject,
  hostileText,
  hostileValue,
  oneOrBatch,
  rawJson,
  rawPairs,
} from '../support/hostile-arbitraries';
import { type CreatedSource, type IngestClient } from '../support/ingest-client';
import { startIngest } from '../support/ingest-process';
import { type RawAnswer, rawRequest } from '../support/raw-http';

/** Problems with an answer: anything but a 2xx, or a 4xx in the `{error, message, fields}` shape. */
function answerProblems({ status, body }: RawAnswer): string | null {
  if (status >= 200 && status < 300) return null;
  if (status < 400 || status >= 500) return `status ${status}: ${body.slice(0, 300)}`;
  let parsed: { error?: unknown; message?: unknown; fields?: { field?: unknown; problem?: unknown }[] };
  try {
    parsed = JSON.parse(body);
  } catch {
    return `status ${status} with a body that is not JSON: ${body.slice(0, 300)}`;
  }
  if (typeof parsed.error !== 'string' || typeof parsed.message !== 'string')
    return `status ${status} without error and message: ${body.slice(0, 300)}`;
  // A refusal of the request's content names each field; 401/403/404/409/429 are about the caller.
  if (![400, 413, 415].includes(status)) return null;
  const named =
    Array.isArray(parsed.fields) &&
    parsed.fields.length > 0 &&
    parsed.fields.every(
      (f) => typeof f.field === 'string' && f.field !== '' && typeof f.problem === 'string',
    );
  return named ? null : `status ${status} without fields naming the problem: ${body.slice(0, 300)}`;
}

/**
 * Property-based hostile input (fast-check) over every ingest route, against the compiled
 * service: arbitrary text (controls, NUL, lone surrogates, RTL marks), invalid UTF-8 and broken
 * percent-escapes in query and body, huge and deeply nested JSON, numbers as strings, NaN and
 * Infinity, absurd timestamps. Every answer is a 2xx or a 4xx naming the field; never a 5xx,
 * never a hang. Runs are bounded for a 2-core CI; a failure prints its seed and path
 * (`fc.assert(…, { seed, path })` replays it).
 */
describe('ingest answers any input with a 2xx or a 4xx naming the field', () => {
  let ingest: ServiceProcess;
  let client: IngestClient;
  let source: CreatedSource;
  let patched: CreatedSource;
  const statuses = new Map<string, Set<number>>();
  const RUNS = { numRuns: 300, interruptAfterTimeLimit: 15_000 };

  const send = async (
    route: string,
    method: string,
    target: Buffer | string,
    body?: Buffer,
    headers: Record<string, string> = {},
  ): Promise<void> => {
    const answer = await rawRequest(client.baseUrl, { method, target, headers }, body);
    statuses.set(route, (statuses.get(route) ?? new Set()).add(answer.status));
    const problem = answerProblems(answer);
    if (problem) throw new Error(`${method} ${String(target).slice(0, 200)}: ${problem}`);
  };
  const intake = (type: string) => ({ 'x-api-key': source.api_key.key, 'content-type': type });
  const admin = (body?: Buffer): Record<string, string> => ({
    authorization: `Bearer ${client.adminToken}`,
    ...(body ? { 'content-type': 'application/json' } : {}),
  });
  const seen = (route: string) => [...(statuses.get(route) ?? [])].sort();

  beforeAll(async () => {
    ({ ingest, client } = await startIngest());
    source = await client.createSource({ name: 'property dialer', rate_limit_per_second: 100_000 });
    patched = await client.createSource({ name: 'patched by properties' });
  }, 180_000);

  afterAll(() => ingest.stop(), 60_000);

  it('GET /v1/postback: raw query strings', async () => {
    await fc.assert(
      fc.asyncProperty(rawPairs, (query) =>
        send('GET postback', 'GET', Buffer.concat([Buffer.from('/v1/postback?'), query]), undefined, {
          'x-api-key': source.api_key.key,
        }),
      ),
      RUNS,
    );
    expect(seen('GET postback')).toEqual([202, 400]);
  });

  it('POST /v1/postback: forms and JSON objects, queries beside them', async () => {
    const form = rawPairs.map((body) => ({ type: 'application/x-www-form-urlencoded', body }));
    const object = rawJson(fc.oneof(dispositionObject, hostileValue)).map((body) => ({
      type: 'application/json',
      body,
    }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(form, object), rawPairs, ({ type, body }, query) =>
        send(
          'POST postback',
          'POST',
          Buffer.concat([Buffer.from('/v1/postback?'), query]),
          body,
          intake(type),
        ),
      ),
      RUNS,
    );
    expect(seen('POST postback')).toEqual(expect.arrayContaining([202, 400]));
  });

  it('POST /v1/dispositions: one, batches, and anything else', async () => {
    const body = rawJson(oneOrBatch(dispositionObject));
    await fc.assert(
      fc.asyncProperty(body, (raw) =>
        send('dispositions', 'POST', '/v1/dispositions', raw, intake('application/json')),
      ),
      RUNS,
    );
    expect(seen('dispositions')).toEqual(expect.arrayContaining([202, 400]));
  });

  it('POST /v1/call-events: one, batches, and anything else', async () => {
    const body = rawJson(oneOrBatch(callEventObject));
    await fc.assert(
      fc.asyncProperty(body, (raw) =>
        send('call-events', 'POST', '/v1/call-events', raw, intake('application/json')),
      ),
      RUNS,
    );
    expect(seen('call-events')).toEqual(expect.arrayContaining([202, 400]));
  });

  it('admin routes: source bodies, and ids and key ids of any text', async () => {
    const sourceBody = fc.record(
      {
        name: hostileValue,
        ip_allowlist: fc.oneof(
          fc.array(fc.oneof(hostileText, fc.constantFrom('10.0.0.0/8', '::1/128'))),
          hostileValue,
        ),
        disposition_map: fc.oneof(fc.dictionary(hostileText, hostileText, { maxKeys: 4 }), hostileValue),
        rate_limit_per_second: hostileValue,
        enabled: hostileValue,
      },
      { requiredKeys: [] },
    );
    const id = fc.oneof(
      fc.constant(patched.id),
      fc.uuid(),
      fc
        .uint8Array({ maxLength: 16 })
        .map((b) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('')),
      hostileText.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?')) || 'x'),
    );
    const call = fc.oneof(
      rawJson(sourceBody).map((body) => ({ method: 'POST', path: '/v1/sources', body })),
      fc
        .tuple(id, rawJson(sourceBody))
        .map(([i, body]) => ({ method: 'PATCH', path: `/v1/sources/${i}`, body })),
      id.map((i) => ({ method: 'GET', path: `/v1/sources/${i}`, body: undefined })),
      id.map((i) => ({ method: 'POST', path: `/v1/sources/${i}/api-keys`, body: undefined })),
      id.map((i) => ({ method: 'GET', path: `/v1/sources/${i}/api-keys`, body: undefined })),
      fc
        .tuple(id, id)
        .map(([i, k]) => ({ method: 'DELETE', path: `/v1/sources/${i}/api-keys/${k}`, body: undefined })),
    );
    await fc.assert(
      fc.asyncProperty(call, ({ method, path, body }) => send('admin', method, path, body, admin(body))),
      RUNS,
    );
    expect(seen('admin')).toEqual(expect.arrayContaining([200, 201, 400, 404]));
  });
});
