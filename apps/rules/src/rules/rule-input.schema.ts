import { z } from 'zod';
import { patternProblem } from '@postback/text';
import { money } from '../campaigns/campaign-input.schema';

const percent = money.refine((text) => Number(text) > 0 && Number(text) <= 100, {
  message: 'must be a percentage above 0 and at most 100',
});

const outcome = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('conversion') }),
    z
      .strictObject({
        type: z.literal('partial'),
        percent: percent.optional(),
        fixed_value: money.optional(),
      })
      .refine((o) => o.percent === undefined || o.fixed_value === undefined, {
        message: 'give percent or fixed_value, not both',
        path: ['fixed_value'],
      }),
    z.strictObject({
      type: z.literal('micro'),
      value: money,
      event_name: z
        .string({ error: 'is required' })
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
    }),
    z.strictObject({
      type: z.literal('none'),
      follow_up: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    z.strictObject({ type: z.literal('service') }),
  ],
  { error: 'type must be one of conversion, partial, micro, none, service' },
);

// Rule conditions run in RE2 (linear time): a pattern it cannot compile is refused here.
const regex = z
  .string()
  .min(1, 'is required')
  .max(200, 'at most 200 characters')
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `is not a valid RE2 regular expression: ${problem}` });
  });

const customField = z.union(
  [
    z.strictObject({ field: z.string().min(1, 'is required').max(64), equals: z.string().max(500) }),
    z.strictObject({ field: z.string().min(1, 'is required').max(64), matches: regex }),
  ],
  { error: 'must be {"field", "equals"} or {"field", "matches"}' },
);

const scope = z
  .strictObject({
    type: z.enum(['global', 'campaign', 'buyer', 'publisher'], {
      error: 'must be one of global, campaign, buyer, publisher',
    }),
    id: z.string().min(1, 'must not be empty').max(128).nullable().optional(),
  })
  .transform((s) => ({ type: s.type, id: s.id ?? null }))
  .refine((s) => (s.type === 'global') === (s.id === null), {
    message: 'is required for a campaign, buyer or publisher scope, and not allowed for global',
    path: ['id'],
  });

/** A whole rule as an admin writes it; PATCH merges onto the current version and re-validates this. */
export const ruleInputSchema = z.strictObject({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'at most 200 characters'),
  scope: scope.default({ type: 'global', id: null }),
  dispositions: z
    .array(z.string().trim().min(1, 'must not be empty').max(100), {
      error: 'must be a list of dispositions',
    })
    .min(1, 'needs at least one disposition')
    .max(50, 'at most 50 dispositions'),
  conditions: z
    .strictObject({
      min_duration_seconds: z
        .number({ error: 'must be a number of seconds' })
        .int('must be whole seconds')
        .min(0)
        .optional(),
      custom_fields: z.array(customField).max(20, 'at most 20 conditions').optional(),
    })
    .default({}),
  outcome,
  priority: z
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(-1000)
    .max(1000)
    .default(0),
  active: z.boolean({ error: 'must be true or false' }).default(true),
});

export type RuleInput = z.output<typeof ruleInputSchema>;

/** The disposition (and call facts) a preview evaluates; nothing is stored. */
export const previewSchema = z.strictObject({
  disposition: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100),
  value: money.nullable().optional(),
  campaign_id: z.string().min(1).max(128).nullable().optional(),
  publisher_id: z.string().min(1).max(128).nullable().optional(),
  buyer_id: z.string().min(1).max(128).nullable().optional(),
  duration_seconds: z.number({ error: 'must be a number of seconds' }).int().min(0).nullable().optional(),
  custom_fields: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
});
