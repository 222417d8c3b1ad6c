import { CALL_ID_RULE } from '@postback/call-id';
import { CUSTOM_FIELD_LIMITS } from '../dispositions/intake-fields.schema';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const dispositionFields = {
  call_id: { type: 'string', maxLength: CALL_ID_RULE.maxLength, pattern: CALL_ID_RULE.pattern.source },
  disposition: {
    type: 'string',
    maxLength: 100,
    description: "the source's label; mapped by its disposition map",
  },
  value: {
    oneOf: [
      { type: 'string', pattern: '^\\d{1,12}(\\.\\d{1,4})?$' },
      { type: 'number', minimum: 0 },
    ],
  },
  timestamp: {
    oneOf: [{ type: 'string', description: 'ISO-8601 with a zone, or Unix s/ms' }, { type: 'number' }],
  },
  currency: { type: 'string', pattern: '^[A-Za-z]{3}$' },
  custom_fields: {
    type: 'object',
    additionalProperties: { type: 'string', maxLength: CUSTOM_FIELD_LIMITS.valueLength },
  },
};

/** Security schemes and schemas of the ingest OpenAPI document. */
export const openApiComponents = {
  securitySchemes: {
    apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
    adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
  },
  schemas: {
    DispositionInput: {
      type: 'object',
      required: ['call_id', 'disposition'],
      properties: dispositionFields,
      additionalProperties: {
        type: 'string',
        description: `kept as a custom field (at most ${CUSTOM_FIELD_LIMITS.count})`,
      },
    },
    CallEventInput: {
      type: 'object',
      required: ['type', 'call_id', 'campaign_id'],
      properties: {
        type: { enum: ['started', 'answered', 'ended'] },
        call_id: dispositionFields.call_id,
        campaign_id: dispositionFields.call_id,
        publisher_id: dispositionFields.call_id,
        buyer_id: dispositionFields.call_id,
        click_id: { type: 'string', maxLength: 256 },
        caller_number: {
          type: 'string',
          description: 'E.164 or national; stored and produced only as a keyed SHA-256',
        },
        duration_seconds: { type: 'integer', minimum: 0 },
        timestamp: dispositionFields.timestamp,
        custom_fields: dispositionFields.custom_fields,
      },
    },
    Accepted: {
      type: 'object',
      required: ['event_id', 'call_id', 'status'],
      properties: {
        event_id: { type: 'string', format: 'uuid' },
        call_id: { type: 'string' },
        status: {
          enum: ['accepted', 'duplicate'],
          description:
            'duplicate: a repeat of an Idempotency-Key within the window (the original event ids), or of an item earlier in the same batch; a repeat of an earlier request without a key is accepted under the same event id, which rules decides once',
        },
      },
    },
    SourceInput: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 200 },
        ip_allowlist: { type: 'array', items: { type: 'string', description: 'IPv4 or IPv6 CIDR' } },
        disposition_map: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'label → canonical disposition',
        },
        rate_limit_per_second: { type: ['integer', 'null'], minimum: 1 },
      },
    },
    Source: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        name: { type: 'string' },
        enabled: { type: 'boolean' },
        ip_allowlist: { type: 'array', items: { type: 'string' } },
        disposition_map: { type: 'object', additionalProperties: { type: 'string' } },
        rate_limit_per_second: { type: ['integer', 'null'] },
        signature_required: { type: 'boolean' },
        created_at: { type: 'string', format: 'date-time' },
      },
    },
    CreatedSource: {
      allOf: [ref('Source'), { type: 'object', properties: { api_key: ref('IssuedApiKey') } }],
    },
    ApiKey: {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        prefix: { type: 'string' },
        created_at: { type: 'string', format: 'date-time' },
        revoked_at: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    IssuedApiKey: {
      allOf: [ref('ApiKey'), { type: 'object', properties: { key: { type: 'string', pattern: '^pk_' } } }],
    },
    Error: { type: 'object', properties: { error: { type: 'string' }, message: { type: 'string' } } },
    ValidationError: {
      type: 'object',
      properties: {
        error: { const: 'validation_failed' },
        message: { type: 'string' },
        fields: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, problem: { type: 'string' } } },
        },
      },
    },
  },
};
