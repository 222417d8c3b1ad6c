import { z } from 'zod';

const time = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 time with a zone' })
  .transform((t) => new Date(t));

/** `GET /v1/deliveries` query: every filter optional, newest first, at most 500. */
export const deliveryFilterSchema = z.object({
  call_id: z.string().min(1).max(200).optional(),
  endpoint_id: z.uuid({ error: 'must be a UUID' }).optional(),
  status: z
    .enum(['pending', 'retrying', 'delivered', 'failed'], {
      error: 'must be pending, retrying, delivered or failed',
    })
    .optional(),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(100),
});

/** `POST /v1/dlq/replay` body: an endpoint and a time range of failures (default: all of them). */
export const dlqReplaySchema = z.object({
  endpoint_id: z.uuid({ error: 'must be a UUID' }),
  from: time.default(new Date(0)),
  to: time.optional(),
});
