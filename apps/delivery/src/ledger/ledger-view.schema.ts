import { isoDate } from '@postback/api-docs';
import { z } from 'zod';

const count = z.number().int().min(0);

/** `GET /v1/ledger`: every hour of [from, to), each service's own counts side by side. */
export const ledgerView = z.object({
  from: isoDate(),
  to: isoDate(),
  hours: z.array(
    z.object({
      hour: z.iso.datetime(),
      accepted: count.describe('dispositions Kafka acknowledged to ingest, by the hour ingest received them'),
      decided: count.describe('dispositions rules decided, by the hour ingest received them'),
      decisions: count.describe("of those, how many changed the call's outcome"),
      deliveries: z
        .object({ created: count, delivered: count, retrying: count, failed: count })
        .describe('deliveries created in the hour, by where they are now'),
      gaps: z.object({
        undecided: z.number().int().describe('accepted, not decided (yet)'),
        unfinished: z.number().int().describe('created, neither delivered nor dead-lettered'),
      }),
    }),
  ),
});
