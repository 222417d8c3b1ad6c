import { isoDate } from '@postback/api-docs';
import { z } from 'zod';

const count = z.number().int().min(0);

/** `GET /v1/ledger/accepted`: the total and the hours with any (delivery's ledger reads this). */
export const acceptedHoursView = z.object({
  accepted: count,
  hours: z.array(z.object({ hour: isoDate(), accepted: count })),
});

/** `GET /v1/ledger/accepted/minutes`: the total and the minutes with any. */
export const acceptedMinutesView = z.object({
  accepted: count,
  minutes: z.array(z.object({ minute: isoDate(), accepted: count })),
});
