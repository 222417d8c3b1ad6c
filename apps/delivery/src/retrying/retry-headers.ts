/** Headers of every message on a retry tier or the DLQ (strings, as Kafka headers are read back). */
export const RetryHeader = {
  Attempt: 'x-retry-attempt',
  DueAt: 'x-retry-due-at',
  OriginalTopic: 'x-retry-original-topic',
  Error: 'x-retry-error',
  Tier: 'x-retry-tier',
  /** The step of the schedule a job is on (0-based); a delay may appear more than once. */
  TierIndex: 'x-retry-tier-index',
  DlqReason: 'x-dlq-reason',
  IdempotencyKey: 'idempotency-key',
  Traceparent: 'traceparent',
} as const;

/** The due time of a retry message; null (due now) when the header is missing or unreadable. */
export function dueAtOf(headers: Record<string, string>): number | null {
  const due = Number(headers[RetryHeader.DueAt]);
  return Number.isFinite(due) && due > 0 ? due : null;
}
