import { z } from 'zod';
import { isoTime as time } from '@postback/http';

const column = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');

/** What a reconciliation compares: the endpoint, our range, how to read the partner's rows. */
const params = {
  endpoint_id: z.uuid({ error: 'must be a UUID' }),
  from: time,
  to: time,
  /** What the partner's id column holds. */
  key: z.enum(['call_id', 'click_id'], { error: 'must be call_id or click_id' }).default('call_id'),
  /** The partner's column names; the id column defaults to the key's name. */
  id_column: column.optional(),
  value_column: column.default('value'),
  time_column: column.optional(),
  /** Value differences up to this much are not reported. */
  tolerance: z
    .string()
    .regex(/^\d+(\.\d{1,4})?$/, 'must be a decimal of at least 0 (at most 4 decimals)')
    .default('0.00'),
};

const MAX_RANGE_MS = 31 * 24 * 3_600_000;

const inRange = <T extends { from: Date; to: Date }>(schema: z.ZodType<T>) =>
  schema
    .refine((p) => p.to > p.from, { message: 'must be after from', path: ['to'] })
    .refine((p) => p.to.getTime() - p.from.getTime() <= MAX_RANGE_MS, {
      message: 'the range may span at most 31 days',
      path: ['to'],
    });

/** `POST /v1/reconciliations` with a CSV body: the parameters in the query string. */
export const csvReconciliationSchema = inRange(z.object(params));

/** `POST /v1/reconciliations` with a JSON body: the same parameters and the rows. */
export const jsonReconciliationSchema = inRange(
  z.strictObject({
    ...params,
    rows: z
      .array(z.record(z.string(), z.unknown()), { error: 'is required: a list of the partner’s rows' })
      .max(10_000, 'at most 10,000 rows as JSON; send larger reports as CSV'),
  }),
);

export type ReconciliationParams = z.output<typeof csvReconciliationSchema>;
