import { z } from 'zod';
import { isoDate } from './answer-types';
import { uuidParams } from './api-operation.decorator';
import { type DocumentedRoute } from './documented-route';
import { openApiDocument, openApiPath } from './openapi-document';

const info = { title: 'Test API', version: '1', description: 'for the spec' };
const route = (overrides: Partial<DocumentedRoute>): DocumentedRoute => ({
  method: 'GET',
  path: '/v1/things',
  tag: 'Things',
  operationId: 'Things_list',
  status: 200,
  security: [],
  spec: { summary: 'things' },
  ...overrides,
});
type Operation = {
  parameters?: {
    name: string;
    in: string;
    required: boolean;
    schema: Record<string, unknown>;
    example?: unknown;
  }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown>; example?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown;
};
const operationOf = (document: Record<string, unknown>, path: string, method: string): Operation =>
  (document.paths as Record<string, Record<string, Operation>>)[path][method];

describe('openApiDocument', () => {
  it('turns Nest path parameters into OpenAPI templates', () => {
    expect(openApiPath('/v1/sources/:id/api-keys/:keyId')).toBe('/v1/sources/{id}/api-keys/{keyId}');
  });

  it('describes path, query and header parameters from their zod schemas, with the examples', () => {
    const document = openApiDocument(
      info,
      [
        route({
          path: '/v1/things/:id',
          spec: {
            summary: 'one thing',
            params: uuidParams('id'),
            query: z.object({ limit: z.coerce.number().int().max(500).default(100), call_id: z.string() }),
            headers: z.object({ 'Idempotency-Key': z.string().optional() }),
            example: { params: { id: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11' }, query: { call_id: 'CA-1' } },
          },
        }),
      ],
      {},
    );
    const parameters = operationOf(document, '/v1/things/{id}', 'get').parameters!;
    expect(parameters).toEqual([
      expect.objectContaining({
        name: 'id',
        in: 'path',
        required: true,
        example: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11',
      }),
      expect.objectContaining({ name: 'limit', in: 'query', required: false }),
      expect.objectContaining({ name: 'call_id', in: 'query', required: true, example: 'CA-1' }),
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
    ]);
    expect(parameters[0].schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(parameters[1].schema).toMatchObject({ type: 'integer', maximum: 500, default: 100 });
  });

  it('describes a path parameter without a schema as a string', () => {
    const document = openApiDocument(info, [route({ path: '/v1/campaigns/:id' })], {});
    expect(operationOf(document, '/v1/campaigns/{id}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('describes what a transforming validator accepts (its input side), in every media type given', () => {
    const value = z.union([z.number(), z.string()]).transform(String).pipe(z.string().regex(/^\d+$/));
    const document = openApiDocument(
      info,
      [
        route({
          method: 'POST',
          status: 202,
          spec: {
            summary: 'post',
            body: z.object({ call_id: z.string().min(1), value: value.optional() }),
            bodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
            example: { body: { call_id: 'CA-1', value: '12' } },
          },
        }),
      ],
      {},
    );
    const body = operationOf(document, '/v1/things', 'post').requestBody!;
    expect(Object.keys(body.content)).toEqual(['application/json', 'application/x-www-form-urlencoded']);
    expect(body.content['application/json'].example).toEqual({ call_id: 'CA-1', value: '12' });
    expect(body.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['call_id'],
      properties: { value: { type: ['number', 'string'] } },
    });
    expect(body.content['application/json'].schema).not.toHaveProperty('$schema');
  });

  it('derives the success status, 400 for validated input, 401 for guarded routes, and other answers', () => {
    const document = openApiDocument(
      info,
      [
        route({
          method: 'DELETE',
          path: '/v1/things/:id',
          status: 204,
          security: [{ adminToken: [] }],
          spec: {
            summary: 'delete',
            params: uuidParams('id'),
            returns: { description: 'gone', schema: z.object({}) },
            errors: { 404: 'no such thing' },
          },
        }),
        route({ spec: { summary: 'public', errors: { 503: { description: 'not ready' } } } }),
      ],
      { adminToken: { type: 'http', scheme: 'bearer' } },
    );
    const deleted = operationOf(document, '/v1/things/{id}', 'delete');
    expect(Object.keys(deleted.responses).sort()).toEqual(['204', '400', '401', '404']);
    expect(deleted.responses['204']).not.toHaveProperty('content');
    expect(deleted.security).toEqual([{ adminToken: [] }]);
    const open = operationOf(document, '/v1/things', 'get');
    expect(Object.keys(open.responses).sort()).toEqual(['200', '503']);
    expect(open.responses['503']).not.toHaveProperty('content');
    expect(open).not.toHaveProperty('security');
    expect(document).toMatchObject({
      openapi: '3.1.0',
      info,
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    });
  });

  it('describes an answer as it is sent: Dates as ISO strings, objects closed unless loose', () => {
    const document = openApiDocument(
      info,
      [
        route({
          spec: {
            summary: 'things',
            returns: {
              description: 'the things',
              schema: z.object({
                items: z.array(z.object({ at: isoDate(), note: z.string().nullable() })),
                extra: z.object({}).loose(),
              }),
            },
          },
        }),
      ],
      {},
    );
    const answer = operationOf(document, '/v1/things', 'get').responses['200'].content!['application/json'];
    expect(answer.schema).toMatchObject({
      additionalProperties: false,
      required: ['items', 'extra'],
      properties: {
        items: {
          items: {
            additionalProperties: false,
            properties: { at: { type: 'string', format: 'date-time' }, note: { type: ['string', 'null'] } },
          },
        },
        extra: { additionalProperties: {} },
      },
    });
  });
});
