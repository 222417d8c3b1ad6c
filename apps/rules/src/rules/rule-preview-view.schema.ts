import { decimalText } from '@postback/api-docs';
import { z } from 'zod';
import { decisionType } from '../decisions/decision-view.schema';

const ruleRef = { id: z.uuid(), version: z.number().int().positive(), name: z.string() };

/** `POST /v1/rules/preview`: the rule that would decide, its outcome, and every rule tried. */
export const rulePreviewView = z.object({
  matched: z.boolean(),
  rule: z.object(ruleRef).nullable(),
  outcome: z
    .object({
      type: decisionType,
      value: decimalText(),
      follow_up: z.boolean(),
      event_name: z.string().nullable(),
    })
    .nullable(),
  reason: z.string(),
  considered: z
    .array(z.object({ ...ruleRef, applies: z.boolean(), why: z.string() }))
    .describe('every current rule in the order tried'),
});
