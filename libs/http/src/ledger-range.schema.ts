import { z } from 'zod';

/** An ISO-8601 time with a zone, as a Date: the form of every time parameter of the admin APIs. */
export const isoTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 time with a zone' })
  .transform((t) => new Date(t));

/** `?from=&to=` of the pipeline ledger's routes (every service serves its own part). */
export const ledgerRangeSchema = z
  .object({ from: isoTime, to: isoTime })
  .refine((r) => r.to > r.from, { message: 'must be after from', path: ['to'] })
  .refine((r) => r.to.getTime() - r.from.getTime() <= 31 * 24 * 3_600_000, {
    message: 'the range may span at most 31 days',
    path: ['to'],
  });
