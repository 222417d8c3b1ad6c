import { z } from 'zod';
import { parseDuration } from './duration';

/** A decimal amount, as a string or a JSON number; kept exact as a string with at most 4 decimals. */
export const money = z
  .union([z.string(), z.number()], { error: 'must be a decimal amount such as "125.50"' })
  .transform((raw) => String(raw).trim())
  .refine((text) => /^\d{1,14}(\.\d{1,4})?$/.test(text), {
    message: 'must be a non-negative decimal with at most 4 decimals, such as "125.50"',
  });

const window = z
  .string({ error: 'must be a duration such as "30d", "24h" or "90m"' })
  .refine((text) => parseDuration(text) !== null, {
    message: 'must be a duration such as "30d", "24h" or "90m"',
  })
  .transform((text) => parseDuration(text)!);

const fields = {
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'at most 200 characters'),
  value: money,
  currency: z
    .string({ error: 'is required' })
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "USD"'),
  attribution_window: window.nullable(),
};

export const campaignCreateSchema = z.strictObject({
  id: z
    .string({ error: 'is required' })
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_", ":" or "-"'),
  ...fields,
  attribution_window: fields.attribution_window.optional().default(null),
});

export const campaignUpdateSchema = z
  .strictObject({
    name: fields.name.optional(),
    value: fields.value.optional(),
    currency: fields.currency.optional(),
    attribution_window: fields.attribution_window.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'must change at least one field' });

export type CampaignCreate = z.output<typeof campaignCreateSchema>;
export type CampaignUpdate = z.output<typeof campaignUpdateSchema>;
