import { type ApiOperationSpec } from './api-operation.decorator';
import { type DocumentedRoute } from './documented-route';
import { type JsonSchema, answerSchemaOf, jsonSchemaOf, propertiesOf } from './json-schema';

export interface ApiInfo {
  title: string;
  description: string;
  version: string;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });

/** The error shapes every service answers with (HttpErrorShapeFilter, ValidationFailedException). */
const ERROR_SCHEMAS = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: { error: { type: 'string' }, message: { type: 'string' } },
  },
  ValidationError: {
    type: 'object',
    required: ['error', 'message', 'fields'],
    properties: {
      error: { const: 'validation_failed' },
      message: { type: 'string' },
      fields: {
        type: 'array',
        items: {
          type: 'object',
          required: ['field', 'problem'],
          properties: { field: { type: 'string', examples: ['[3].value'] }, problem: { type: 'string' } },
        },
      },
    },
  },
};

/** `/v1/sources/:id` → `/v1/sources/{id}` */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(route: DocumentedRoute): object[] {
  const { spec } = route;
  const example = spec.example ?? {};
  const from = (place: 'path' | 'query' | 'header', schema: ApiOperationSpec['params'], values = {}) =>
    schema
      ? propertiesOf(schema).map(({ name, schema: property, required }) => ({
          name,
          in: place,
          required: place === 'path' || required,
          schema: property,
          ...(name in values ? { example: (values as Record<string, unknown>)[name] } : {}),
        }))
      : [];
  const path = from('path', spec.params, example.params);
  // A path parameter the spec gives no schema for is still described, as a string.
  const named = new Set(path.map((parameter) => parameter.name));
  for (const [, name] of route.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    if (!named.has(name)) path.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  return [...path, ...from('query', spec.query, example.query), ...from('header', spec.headers)];
}

function requestBody(spec: ApiOperationSpec): object | undefined {
  if (!spec.body) return undefined;
  const schema = jsonSchemaOf(spec.body);
  const example = spec.example && 'body' in spec.example ? { example: spec.example.body } : {};
  const types = spec.bodyTypes ?? ['application/json'];
  return { required: true, content: Object.fromEntries(types.map((type) => [type, { schema, ...example }])) };
}

function responses(route: DocumentedRoute): Record<string, object> {
  const { spec } = route;
  const returns = spec.returns;
  const success: Record<string, unknown> = { description: returns?.description ?? 'done' };
  if (returns?.schema && route.status !== 204) {
    success.content = {
      [returns.mediaType ?? 'application/json']: { schema: answerSchemaOf(returns.schema) },
    };
  }
  const answers: Record<string, object> = { [String(route.status)]: success };
  if (spec.params || spec.query || spec.body || spec.headers) {
    answers['400'] = {
      description: 'a field is missing or wrong; `fields` names each one and the problem',
      content: json(ref('ValidationError')),
    };
  }
  if (route.security.length > 0) {
    answers['401'] = { description: 'missing or wrong credentials', content: json(ref('Error')) };
  }
  for (const [status, answer] of Object.entries(spec.errors ?? {})) {
    answers[status] =
      typeof answer === 'string'
        ? { description: answer, content: json(ref('Error')) }
        : {
            description: answer.description,
            ...(answer.schema ? { content: json(answerSchemaOf(answer.schema)) } : {}),
          };
  }
  return answers;
}

function operation(route: DocumentedRoute): object {
  const { spec } = route;
  const params = parameters(route);
  const body = requestBody(spec);
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(route.security.length > 0 ? { security: route.security } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(route),
  };
}

/** An OpenAPI 3.1 document of the given routes (pure: the explorer finds them, this describes them). */
export function openApiDocument(
  info: ApiInfo,
  routes: DocumentedRoute[],
  securitySchemes: Record<string, JsonSchema>,
): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: { securitySchemes, schemas: ERROR_SCHEMAS },
  };
}
