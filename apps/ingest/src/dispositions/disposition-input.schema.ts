import { callIdField } from '@postback/call-id';
import { isSecretParameter } from '@postback/observability';
import { z } from 'zod';
import { MAX_BATCH_SIZE, customFieldsSchema, timestampField } from './intake-fields.schema';

/** Parameters with a meaning of their own; every other one is kept as a custom field. */
const KNOWN = new Set(['call_id', 'disposition', 'value', 'timestamp', 'currency', 'custom_fields']);

/** One disposition as a dialer sends it: a query string, a form or a JSON object. */
export const dispositionInputSchema = z
  .object({
    call_id: callIdField,
    disposition: z
      .string({ error: 'is required' })
      .trim()
      .min(1, 'is required')
      .max(100, 'is longer than 100 characters'),
    value: z
      .union([z.number(), z.string().trim()], { error: 'must be a decimal number' })
      .transform(String)
      .pipe(
        z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'must be a non-negative decimal with at most 4 decimals'),
      )
      .optional(),
    timestamp: timestampField.optional(),
    currency: z
      .string()
      .trim()
      .transform((code) => code.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code'))
      .optional(),
    custom_fields: customFieldsSchema.optional(),
  })
  .passthrough()
  .transform(({ custom_fields, ...rest }, ctx) => {
    const extra = Object.fromEntries(
      Object.entries(rest).filter(
        ([name, value]) =>
          !KNOWN.has(name) &&
          !isSecretParameter(name) /* credentials never travel on */ &&
          value !== undefined,
      ),
    );
    const custom = customFieldsSchema.safeParse({ ...extra, ...custom_fields });
    if (!custom.success) {
      for (const issue of custom.error.issues) {
        ctx.addIssue({ code: 'custom', message: issue.message, path: ['custom', ...issue.path] });
      }
      return z.NEVER;
    }
    return {
      call_id: rest.call_id,
      disposition: rest.disposition,
      value: rest.value,
      timestamp: rest.timestamp,
      currency: rest.currency,
      custom: custom.data,
    };
  });

export type DispositionInput = z.output<typeof dispositionInputSchema>;

/** `POST /v1/dispositions` takes one object or a batch (array) of them. */
export const dispositionBatchSchema = z
  .array(dispositionInputSchema)
  .min(1, 'a batch needs at least one disposition')
  .max(MAX_BATCH_SIZE, `a batch holds at most ${MAX_BATCH_SIZE} dispositions`);
