import { decimalText, isoDate } from '@postback/api-docs';
import { z } from 'zod';
import { decisionType } from '../decisions/decision-view.schema';

const count = z.number().int().min(0);

const side = z.object({ calls: count, value: decimalText(), postbacks: count });

const changes = {
  changed: count.describe('postbacks sent under both rule sets with another type, status, value or delta'),
  withheld: count.describe('postbacks the current rules send and the proposed ones would not'),
  added: count.describe('postbacks only the proposed rules would send'),
};

const postback = z.object({
  status: z.enum(['new', 'upgrade', 'reversal']),
  type: decisionType,
  value: decimalText(),
  delta: decimalText(),
  rule: z.object({ id: z.string(), version: z.number().int(), name: z.string() }),
});

const callSide = z.object({ outcome: postback.nullable(), postbacks: z.array(postback) });

/** `POST /v1/rules/backtest`: per campaign and decision type, before and after, and a sample of calls. */
export const backtestReportView = z.object({
  from: isoDate(),
  to: isoDate(),
  campaign_id: z.string().nullable(),
  dispositions: count,
  calls: count,
  lines: z.array(
    z.object({
      campaign_id: z.string().nullable(),
      type: decisionType,
      before: side,
      after: side,
      ...changes,
    }),
  ),
  totals: z.object({ before: side, after: side, ...changes }),
  sample: z.array(
    z.object({
      call_id: z.string(),
      campaign_id: z.string().nullable(),
      before: callSide,
      after: callSide,
    }),
  ),
});
