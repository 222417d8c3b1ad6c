import { type SendResult } from '../sending/postback-sender';

export type FailureClass =
  { kind: 'retryable'; reason: string; honourRetryAfter: boolean } | { kind: 'permanent'; reason: string };

/** 4xx that may succeed later: request timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
/** Statuses whose Retry-After header is honoured. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/**
 * Why an attempt that did not succeed failed, and whether trying again can help. Network
 * errors and timeouts are retryable; refused targets (SSRF) and 4xx other than 408/425/429 are
 * permanent; redirects are not followed, so a 3xx is permanent too.
 */
export function classifyFailure(result: SendResult): FailureClass {
  const { status } = result;
  if (status === null) {
    const reason = result.error ?? 'no response';
    if (/^(ESSRF|EINVALIDURL)\b/.test(reason)) return { kind: 'permanent', reason };
    return { kind: 'retryable', reason, honourRetryAfter: false };
  }
  const reason = `HTTP ${status}`;
  if (status >= 500) return { kind: 'retryable', reason, honourRetryAfter: RETRY_AFTER_STATUSES.has(status) };
  if (RETRYABLE_4XX.has(status))
    return { kind: 'retryable', reason, honourRetryAfter: RETRY_AFTER_STATUSES.has(status) };
  if (status >= 300 && status < 400) return { kind: 'permanent', reason: `${reason}: redirect not followed` };
  if (status >= 400) return { kind: 'permanent', reason };
  // A 2xx that the endpoint's success rule refused (body pattern): the receiver may recover.
  return {
    kind: 'retryable',
    reason: `${reason}: response did not match the success rule`,
    honourRetryAfter: false,
  };
}
