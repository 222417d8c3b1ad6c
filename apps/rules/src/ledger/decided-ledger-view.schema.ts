import { isoDate } from '@postback/api-docs';
import { z } from 'zod';

const count = z.number().int().min(0);

/** `GET /v1/ledger/decided`: the totals and the hours with any (delivery's ledger reads this). */
export const decidedHoursView = z.object({
  decided: count,
  changed: count.describe("dispositions whose decision changed the call's outcome (one was emitted)"),
  hours: z.array(z.object({ hour: isoDate(), decided: count, changed: count })),
});
