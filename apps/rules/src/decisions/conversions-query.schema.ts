import { z } from 'zod';

const id = z.string().min(1, 'must not be empty').max(128, 'at most 128 characters');

/** GET /v1/conversions: one call's decisions, or every decision page by page with filters. */
export const conversionsQuerySchema = z.strictObject({
  call_id: id.optional(),
  type: z
    .enum(['conversion', 'partial', 'micro', 'none', 'service'], {
      error: 'must be one of conversion, partial, micro, none, service',
    })
    .optional(),
  status: z
    .enum(['new', 'upgrade', 'reversal'], { error: 'must be one of new, upgrade, reversal' })
    .optional(),
  attribution: z.enum(['matched', 'unmatched'], { error: 'must be matched or unmatched' }).optional(),
  campaign_id: id.optional(),
  rule_id: z.uuid({ error: 'must be a UUID' }).optional(),
  decided_from: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with a zone' }).optional(),
  decided_to: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with a zone' }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .default(100),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'must be the next_cursor of a previous page')
    .optional(),
});

export type ConversionsQuery = z.output<typeof conversionsQuerySchema>;
