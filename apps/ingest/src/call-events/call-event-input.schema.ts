import { z } from 'zod';
import { callIdField as requiredId, optionalIdField as optionalId } from '@postback/call-id';
import { MAX_BATCH_SIZE, customFieldsSchema, timestampField } from '../dispositions/intake-fields.schema';

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
  timestamp: timestampField.optional(),
  custom_fields: customFieldsSchema.default({}),
});

export type CallEventInput = z.output<typeof callEventInputSchema>;

/** `POST /v1/call-events`: a batch (array) of events, or one. All-or-nothing. */
export const callEventBatchSchema = z
  .array(callEventInputSchema, { error: 'must be an array of call events' })
  .min(1, 'a batch needs at least one call event')
  .max(MAX_BATCH_SIZE, `a batch holds at most ${MAX_BATCH_SIZE} call events`);
