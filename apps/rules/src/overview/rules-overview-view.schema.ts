import { z } from 'zod';
import { decisionType } from '../decisions/decision-view.schema';

const count = z.number().int().min(0);

/** `GET /v1/overview` on rules: the minutes with any, oldest first. */
export const rulesOverviewView = z.object({
  since: z.iso.datetime(),
  per_minute: z.array(
    z.object({
      minute: z.iso.datetime(),
      accepted: count.describe('dispositions rules took in (each decided once)'),
      decisions: z
        .partialRecord(decisionType, count)
        .describe('decisions emitted, by type (types with none left out)'),
    }),
  ),
});
