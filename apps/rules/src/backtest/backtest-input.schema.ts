import { z } from 'zod';
import { isoTime as time } from '@postback/http';

const MAX_RANGE_MS = 31 * 24 * 3_600_000;

/** `POST /v1/rules/backtest`: proposed rule changes and the range of dispositions to replay. */
export const backtestInputSchema = z
  .strictObject({
    from: time,
    to: time,
    campaign_id: z.string().min(1, 'must not be empty').max(128).optional(),
    changes: z
      .array(z.record(z.string(), z.unknown(), { error: 'must be an object' }), {
        error: 'is required: a list of rule changes',
      })
      .min(1, 'needs at least one change')
      .max(50, 'at most 50 changes'),
    sample_size: z.number({ error: 'must be a number' }).int().min(0).max(200).default(20),
  })
  .refine((b) => b.to > b.from, { message: 'must be after from', path: ['to'] })
  .refine((b) => b.to.getTime() - b.from.getTime() <= MAX_RANGE_MS, {
    message: 'the range may span at most 31 days',
    path: ['to'],
  });

export type BacktestInput = z.output<typeof backtestInputSchema>;
