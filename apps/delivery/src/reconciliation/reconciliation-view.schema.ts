import { decimalText, isoDate } from '@postback/api-docs';
import { z } from 'zod';

const count = z.number().int().min(0);
const decidingRule = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string().nullable(),
});

/** Why the partner has a row we never delivered: our records first, then rules' decisions. */
const explanation = z.discriminatedUnion('reason', [
  z.object({
    reason: z.literal('still_retrying'),
    delivery_id: z.uuid(),
    status: z.string(),
    attempts: count,
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
  }),
  z.object({
    reason: z.literal('dead_lettered'),
    delivery_id: z.uuid(),
    attempts: count,
    error: z.string().nullable(),
  }),
  z.object({
    reason: z.literal('decided_none'),
    disposition: z.string(),
    follow_up: z.boolean(),
    rule: decidingRule,
    decided_at: z.string(),
  }),
  z.object({
    reason: z.literal('decided_without_delivery'),
    type: z.string(),
    value: decimalText(),
    disposition: z.string(),
    rule: decidingRule,
    detail: z.string(),
  }),
  z.object({ reason: z.enum(['no_decision', 'not_looked_up', 'unknown']), detail: z.string() }),
]);

/** A reconciliation as listed: its progress, never its report. */
export const reconciliationRowView = z.object({
  id: z.uuid(),
  endpoint_id: z.uuid(),
  from: isoDate(),
  to: isoDate(),
  status: z.enum(['running', 'done', 'failed']),
  rows_read: count,
  error: z.string().nullable(),
  created_at: isoDate(),
  finished_at: isoDate().nullable(),
});

/** `POST /v1/reconciliations`: the stored report, every difference explained. */
export const reconciliationReportView = z.object({
  id: z.uuid(),
  status: z.literal('done'),
  endpoint_id: z.uuid(),
  from: isoDate(),
  to: isoDate(),
  key: z.enum(['call_id', 'click_id']),
  tolerance: decimalText(),
  rows_read: count,
  malformed: z
    .array(z.object({ line: z.number().int(), problem: z.string() }))
    .describe('rows that could not be read: the line (CSV) or position (JSON, from 1), and why'),
  matched: count,
  value_differences: z.array(
    z.object({
      key: z.string(),
      line: z.number().int(),
      delivery_id: z.uuid(),
      ours: decimalText(),
      theirs: decimalText(),
      difference: decimalText(),
    }),
  ),
  we_delivered_they_lack: z.array(
    z.object({
      key: z.string(),
      delivery_id: z.uuid(),
      call_id: z.string(),
      value: decimalText(),
      attempts: z
        .array(
          z.object({
            delivery_id: z.uuid(),
            attempt_no: z.number().int(),
            status_code: z.number().int().nullable(),
            response_body: z.string(),
            error: z.string().nullable(),
            at: isoDate(),
          }),
        )
        .describe('every attempt, as proof (for the first 1,000)'),
    }),
  ),
  they_have_we_never_sent: z.array(
    z.object({ key: z.string(), line: z.number().int(), value: decimalText(), explanation }),
  ),
  duplicates: z.object({
    ours: z.array(z.object({ key: z.string(), delivery_ids: z.array(z.uuid()) })),
    theirs: z.array(z.object({ key: z.string(), lines: z.array(z.number().int()) })),
  }),
  totals: z.object({
    ours: z.object({ count, value: decimalText() }),
    theirs: z.object({ count, rows: count, value: decimalText() }),
    net_difference: decimalText().describe('theirs minus ours'),
  }),
});

/** `GET /v1/reconciliations/:id`: a finished report with its row, or a running or failed row. */
export const storedReconciliationView = z.union([
  reconciliationReportView.extend(
    reconciliationRowView.pick({ error: true, created_at: true, finished_at: true }).shape,
  ),
  reconciliationRowView.extend({ status: z.enum(['running', 'failed']) }),
]);
