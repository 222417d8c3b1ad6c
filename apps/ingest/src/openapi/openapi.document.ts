import { MAX_BATCH_SIZE } from '../dispositions/intake-fields.schema';
import { dispositionFields, openApiComponents } from './openapi.components';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const answer = (description: string, schema: object = ref('Error'), headers?: object) => ({
  description,
  content: json(schema),
  ...(headers ? { headers } : {}),
});
const retryAfter = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } };

/** The answers every intake route can give besides its success. */
const intakeErrors = {
  '400': answer(
    'a field is missing or wrong; `fields` names each one and the problem',
    ref('ValidationError'),
  ),
  '401': answer('no or unknown API key, or a missing, stale or wrong webhook signature'),
  '403': answer('the source is disabled, or the request came from outside its IP allow-list'),
  '409': answer('a request with the same idempotency key is still being stored; retry shortly'),
  '422': answer(
    'the Idempotency-Key was already used with a different request body (error idempotency_key_reused)',
  ),
  '413': answer('the body is larger than INGEST_BODY_LIMIT_BYTES'),
  '415': answer('the content type is neither application/json nor application/x-www-form-urlencoded'),
  '429': answer('the source sent more requests per second than its rate limit', ref('Error'), retryAfter),
  '503': answer('Kafka could not take the write; nothing was stored', ref('Error'), retryAfter),
};
const adminErrors = {
  '400': answer('a field is missing or wrong', ref('ValidationError')),
  '401': answer('no or wrong admin bearer token'),
  '404': answer('no such source (or key)'),
};
const intakeParameters = [
  { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } },
  { name: 'webhook-id', in: 'header', schema: { type: 'string' } },
  { name: 'webhook-timestamp', in: 'header', schema: { type: 'string' } },
  { name: 'webhook-signature', in: 'header', schema: { type: 'string' } },
  { name: 'traceparent', in: 'header', schema: { type: 'string' } },
];
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const intakeSecurity = [{ apiKeyHeader: [] }, { apiKeyQuery: [] }];
const adminSecurity = [{ adminToken: [] }];

export const openApiDocument: Record<string, unknown> = {
  openapi: '3.1.0',
  info: {
    title: 'Postback ingest API',
    version: '1',
    description:
      'Dispositions and call events in. 202 only after Kafka acknowledged every new event (acks=all). ' +
      'Batches are all-or-nothing. A repeat within the idempotency window answers with the original event id.',
  },
  paths: {
    '/v1/postback': {
      get: {
        summary: 'One disposition from a pasted URL; other parameters become custom fields',
        security: intakeSecurity,
        parameters: [
          ...Object.keys(dispositionFields)
            .filter((name) => name !== 'custom_fields')
            .map((name) => ({
              name,
              in: 'query',
              required: ['call_id', 'disposition'].includes(name),
              schema: { type: 'string' },
            })),
          ...intakeParameters,
        ],
        responses: { '202': answer('stored in Kafka', ref('Accepted')), ...intakeErrors },
      },
      post: {
        summary: 'One disposition as a form or JSON object (query parameters count too; the body wins)',
        security: intakeSecurity,
        parameters: intakeParameters,
        requestBody: {
          required: true,
          content: {
            ...json(ref('DispositionInput')),
            'application/x-www-form-urlencoded': { schema: ref('DispositionInput') },
          },
        },
        responses: { '202': answer('stored in Kafka', ref('Accepted')), ...intakeErrors },
      },
    },
    '/v1/dispositions': {
      post: {
        summary: `One JSON disposition, or a batch (array, at most ${MAX_BATCH_SIZE}); all-or-nothing`,
        security: intakeSecurity,
        parameters: intakeParameters,
        requestBody: {
          required: true,
          content: json({
            oneOf: [
              ref('DispositionInput'),
              { type: 'array', items: ref('DispositionInput'), maxItems: MAX_BATCH_SIZE },
            ],
          }),
        },
        responses: {
          '202': answer('stored in Kafka: one answer, or `items` in the order sent', {
            oneOf: [
              ref('Accepted'),
              { type: 'object', properties: { items: { type: 'array', items: ref('Accepted') } } },
            ],
          }),
          ...intakeErrors,
        },
      },
    },
    '/v1/call-events': {
      post: {
        summary: `A batch (array, at most ${MAX_BATCH_SIZE}) of call lifecycle events, or one; all-or-nothing`,
        security: intakeSecurity,
        parameters: intakeParameters,
        requestBody: {
          required: true,
          content: json({
            oneOf: [
              ref('CallEventInput'),
              { type: 'array', items: ref('CallEventInput'), maxItems: MAX_BATCH_SIZE },
            ],
          }),
        },
        responses: {
          '202': answer('stored in Kafka, in the order sent', {
            type: 'object',
            properties: { items: { type: 'array', items: ref('Accepted') } },
          }),
          ...intakeErrors,
        },
      },
    },
    '/v1/sources': {
      post: {
        summary: 'Create a source; answers its first API key, shown this once',
        security: adminSecurity,
        requestBody: { required: true, content: json(ref('SourceInput')) },
        responses: { '201': answer('created', ref('CreatedSource')), ...adminErrors },
      },
      get: {
        summary: 'List sources',
        security: adminSecurity,
        responses: {
          '200': answer('the sources', {
            type: 'object',
            properties: { items: { type: 'array', items: ref('Source') } },
          }),
        },
      },
    },
    '/v1/sources/{id}': {
      get: {
        summary: 'One source',
        security: adminSecurity,
        parameters: [idParam],
        responses: { '200': answer('the source', ref('Source')), ...adminErrors },
      },
      patch: {
        summary: 'Change a source; `enabled: false` disables it',
        security: adminSecurity,
        parameters: [idParam],
        requestBody: {
          required: true,
          content: json({ ...ref('SourceInput'), description: 'every field optional, plus `enabled`' }),
        },
        responses: { '200': answer('the source', ref('Source')), ...adminErrors },
      },
    },
    '/v1/sources/{id}/api-keys': {
      post: {
        summary: 'Issue another API key (shown this once); earlier keys stay active',
        security: adminSecurity,
        parameters: [idParam],
        responses: { '201': answer('the key', ref('IssuedApiKey')), ...adminErrors },
      },
      get: {
        summary: "List the source's keys (prefixes only)",
        security: adminSecurity,
        parameters: [idParam],
        responses: {
          '200': answer('the keys', {
            type: 'object',
            properties: { items: { type: 'array', items: ref('ApiKey') } },
          }),
        },
      },
    },
    '/v1/sources/{id}/api-keys/{keyId}': {
      delete: {
        summary: 'Revoke a key',
        security: adminSecurity,
        parameters: [idParam, { ...idParam, name: 'keyId' }],
        responses: { '204': { description: 'revoked' }, ...adminErrors },
      },
    },
    '/v1/sources/{id}/signing-secret': {
      post: {
        summary:
          'Require Standard Webhooks signatures with a new secret (shown this once; an earlier one stops working)',
        security: adminSecurity,
        parameters: [idParam],
        responses: {
          '201': answer('the secret', {
            type: 'object',
            properties: { signing_secret: { type: 'string', pattern: '^whsec_' } },
          }),
          ...adminErrors,
        },
      },
      delete: {
        summary: 'Stop requiring signatures',
        security: adminSecurity,
        parameters: [idParam],
        responses: { '204': { description: 'done' }, ...adminErrors },
      },
    },
    '/health/live': { get: { summary: 'Liveness', responses: { '200': { description: 'alive' } } } },
    '/health/ready': {
      get: {
        summary: 'Ready when Kafka, the registry and PostgreSQL answer',
        responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
      },
    },
    '/metrics': {
      get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } },
    },
  },
  components: openApiComponents,
};
