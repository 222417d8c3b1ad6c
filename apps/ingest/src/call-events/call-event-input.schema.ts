import { z } from 'zod';
import { CUSTOM_FIELD_LIMITS, MAX_BATCH_SIZE } from '../dispositions/disposition-input.schema';
import { parseTimestamp } from '../dispositions/parse-timestamp';

const requiredId = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(128, 'is longer than 128 characters')
  .regex(/^[\w.:@-]+$/, 'may contain only letters, digits and . _ : @ -');

const optionalId = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'may not be empty')
  .max(128, 'is longer than 128 characters')
  .regex(/^[\w.:@-]+$/, 'may contain only letters, digits and . _ : @ -')
  .optional();

/**
 * One call lifecycle event. The caller number is only read here: the intake turns it into
 * a keyed hash at once, and validation messages never repeat it.
 */
export const callEventInputSchema = z.object({
  type: z.enum(['started', 'answered', 'ended'], { error: 'must be started, answered or ended' }),
  call_id: requiredId,
  campaign_id: requiredId,
  publisher_id: optionalId,
  buyer_id: optionalId,
  click_id: z
    .string({ error: 'must be a string' })
    .trim()
    .min(1)
    .max(256, 'is longer than 256 characters')
    .optional(),
  caller_number: z
    .string({ error: 'must be a phone number as a string' })
    .max(32, 'is not a phone number')
    .optional(),
  duration_seconds: z
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'may not be negative')
    .max(86_400 * 7, 'is longer than a week')
    .optional(),
  timestamp: z
    .union([z.number(), z.string().trim()], {
      error: 'must be ISO-8601 with a zone, or Unix seconds or milliseconds',
    })
    .transform((raw, ctx) => {
      const parsed = parseTimestamp(raw);
      if (!parsed) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be ISO-8601 with a zone, or Unix seconds or milliseconds',
        });
        return z.NEVER;
      }
      return parsed;
    })
    .optional(),
  custom_fields: z
    .record(
      z
        .string()
        .max(
          CUSTOM_FIELD_LIMITS.nameLength,
          `names are at most ${CUSTOM_FIELD_LIMITS.nameLength} characters`,
        ),
      z
        .union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' })
        .transform(String)
        .pipe(
          z
            .string()
            .max(
              CUSTOM_FIELD_LIMITS.valueLength,
              `is longer than ${CUSTOM_FIELD_LIMITS.valueLength} characters`,
            ),
        ),
      { error: 'must be an object' },
    )
    .refine((fields) => Object.keys(fields).length <= CUSTOM_FIELD_LIMITS.count, {
      message: `at most ${CUSTOM_FIELD_LIMITS.count} custom fields`,
    })
    .default({}),
});

export type CallEventInput = z.output<typeof callEventInputSchema>;

/** `POST /v1/call-events`: a batch (array) of events, or one. All-or-nothing. */
export const callEventBatchSchema = z
  .array(callEventInputSchema, { error: 'must be an array of call events' })
  .min(1, 'a batch needs at least one call event')
  .max(MAX_BATCH_SIZE, `a batch holds at most ${MAX_BATCH_SIZE} call events`);
