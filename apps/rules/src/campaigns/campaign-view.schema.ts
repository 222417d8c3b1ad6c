import { decimalText, isoDate } from '@postback/api-docs';
import { z } from 'zod';

/** A campaign as the API shows it. */
export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  value: decimalText().describe('the full conversion value'),
  currency: z.string().regex(/^[A-Z]{3}$/),
  attribution_window: z
    .string()
    .regex(/^\d+[smhd]$/)
    .nullable()
    .describe('in its largest whole unit ("24h"); null: no window'),
  attribution_window_seconds: z.number().int().positive().nullable(),
  created_at: isoDate(),
  updated_at: isoDate(),
});

export type Campaign = z.output<typeof campaignView>;
