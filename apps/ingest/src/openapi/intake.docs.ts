import { type ApiOperationSpec } from '@postback/api-docs';
import { z } from 'zod';
import { CUSTOM_FIELD_LIMITS } from '../dispositions/intake-fields.schema';

/** The headers an intake request may carry (checked by the auth guard and idempotencyKeyOf). */
export const intakeHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/)
    .optional()
    .describe('one unit per key within INGEST_IDEMPOTENCY_WINDOW_HOURS: a repeat answers the original ids'),
  'webhook-id': z
    .string()
    .optional()
    .describe('Standard Webhooks; required when the source requires signatures'),
  'webhook-timestamp': z.string().optional().describe('Unix seconds, at most 5 minutes from now'),
  'webhook-signature': z
    .string()
    .optional()
    .describe('v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<payload>">'),
  traceparent: z.string().optional().describe('W3C trace context: continued, else a new trace is started'),
});

const accepted = z.object({
  event_id: z.uuid(),
  call_id: z.string(),
  status: z
    .enum(['accepted', 'duplicate'])
    .describe(
      'duplicate: a repeat of an Idempotency-Key within the window, or of an item earlier in the same batch',
    ),
});

/** 202: one answer, or `items` in the order sent. */
export const acceptedOne = { description: 'stored in Kafka (acks=all)', schema: accepted };
export const acceptedMany = {
  description: 'stored in Kafka (acks=all), in the order sent',
  schema: z.object({ items: z.array(accepted) }),
};

/** The answers every intake route can give besides its success, validation and 401. */
export const intakeErrors: ApiOperationSpec['errors'] = {
  403: 'the source is disabled, or the request came from outside its IP allow-list',
  409: 'a request with the same Idempotency-Key is still being stored; retry shortly',
  413: 'the body is larger than INGEST_BODY_LIMIT_BYTES',
  415: 'the content type is neither application/json nor application/x-www-form-urlencoded',
  422: 'the Idempotency-Key was already used with a different request body (idempotency_key_reused)',
  429: 'the source sent more than its rate limit (Retry-After)',
  503: 'Kafka could not take the write; nothing was stored (Retry-After)',
};

export const CUSTOM_FIELDS_NOTE = `Other parameters become custom fields (at most ${CUSTOM_FIELD_LIMITS.count}).`;

export const acceptedEither = {
  description: 'stored in Kafka (acks=all): one answer, or `items` in the order sent',
  schema: z.union([accepted, acceptedMany.schema]),
};
