import { isoDate } from '@postback/api-docs';
import { z } from 'zod';

/** A delivery (one decision to one endpoint) as the admin API shows it. */
export const deliveryView = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed']).describe('failed: in the DLQ'),
  attempt_count: z.number().int().min(0),
  endpoint_id: z.uuid(),
  decision_id: z.uuid(),
  call_id: z.string(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: isoDate().nullable(),
  delivered_at: isoDate().nullable(),
  failed_at: isoDate().nullable(),
  created_at: isoDate(),
  updated_at: isoDate(),
});

/** One attempt: the request as sent (secrets redacted) and what came back. */
export const attemptView = z.object({
  attempt_no: z.number().int().positive(),
  source: z.string().describe('what triggered it: conversions, a retry tier topic, or a manual retry'),
  target: z.enum(['primary', 'backup']).describe("the endpoint's own URL, or its backup"),
  method: z.string(),
  url: z.string(),
  request_headers: z.record(z.string(), z.string()),
  request_body: z.string().nullable(),
  status_code: z.number().int().nullable(),
  response_body: z.string().describe('text; for a binary body a lossy rendering'),
  response_body_binary: z.boolean(),
  response_body_base64: z.string().nullable().describe("a binary body's exact bytes"),
  response_body_truncated: z.boolean().describe('the body was longer than the read limit and was cut there'),
  response_content_type: z.string().nullable(),
  error: z.string().nullable(),
  error_class: z.string().nullable(),
  duration_ms: z.number().int().min(0),
  at: isoDate(),
});

export const deliveryWithAttemptsView = deliveryView.extend({ attempts: z.array(attemptView) });

export type DeliveryView = z.output<typeof deliveryView>;
export type AttemptView = z.output<typeof attemptView>;
