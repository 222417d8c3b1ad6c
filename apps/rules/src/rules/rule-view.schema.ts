import { decimalText, isoDate } from '@postback/api-docs';
import { z } from 'zod';

const outcome = z.discriminatedUnion('type', [
  z.object({ type: z.literal('conversion') }),
  z.object({
    type: z.literal('partial'),
    percent: decimalText().optional(),
    fixed_value: decimalText().optional(),
  }),
  z.object({ type: z.literal('micro'), value: decimalText(), event_name: z.string() }),
  z.object({ type: z.literal('none'), follow_up: z.boolean().optional() }),
  z.object({ type: z.literal('service') }),
]);

const customField = z.union([
  z.object({ field: z.string(), equals: z.string() }),
  z.object({ field: z.string(), matches: z.string().describe('an RE2 regular expression') }),
]);

/** One rule version as the API shows it. */
export const ruleView = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  name: z.string(),
  scope: z.object({
    type: z.enum(['global', 'campaign', 'buyer', 'publisher']),
    id: z.string().nullable().describe('null for the global scope'),
  }),
  dispositions: z.array(z.string()),
  conditions: z.object({
    min_duration_seconds: z.number().int().min(0).optional(),
    custom_fields: z.array(customField).optional(),
  }),
  outcome,
  priority: z.number().int(),
  active: z.boolean(),
  created_at: isoDate(),
});

export type RuleView = z.output<typeof ruleView>;
