import { parseRetryAfter } from './retry-schedule';
import { type SendResult, failureText } from '../sending/postback-sender';

/** What failed, for code to match on; `reason` is the text for people. */
export type FailureCode =
  | 'status' // an HTTP status that is not a success
  | 'redirect' // a 3xx: redirects are not followed
  | 'success_rule' // a 2xx whose body the endpoint's success rule refused
  | 'network' // no answer: timeout, reset, DNS…
  | 'refused' // never sent: a target the SSRF policy refuses, a URL that is not http(s)
  | 'unrenderable' // the request could not be rendered
  | 'endpoint_disabled';

/**
 * Why an attempt failed, typed from the sender to the retry plan. `reason` is the only text:
 * what attempt rows, logs, the x-retry-error header and the DLQ show.
 */
export type FailureClass =
  | {
      kind: 'retryable';
      code: FailureCode;
      /** How long the receiver asked to wait (Retry-After of a 429 or 503), or null. */
      retryAfterMs: number | null;
      reason: string;
    }
  | { kind: 'permanent'; code: FailureCode; reason: string };

/** 4xx that may succeed later: request timeout, too early, too many requests. */
const RETRYABLE_4XX = new Set([408, 425, 429]);
/** Statuses whose Retry-After header is honoured. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

const retryable = (code: FailureCode, reason: string, retryAfterMs: number | null = null): FailureClass => ({
  kind: 'retryable',
  code,
  retryAfterMs,
  reason,
});

/**
 * Why an attempt that did not succeed failed, and whether trying again can help. Network
 * errors and timeouts are retryable; refused targets (SSRF) and 4xx other than 408/425/429 are
 * permanent; redirects are not followed, so a 3xx is permanent too.
 */
export function classifyFailure(result: SendResult, nowMs = Date.now()): FailureClass {
  const { status, failure } = result;
  if (status === null) {
    const reason = failureText(failure) ?? 'no response';
    if (failure?.kind === 'refused') return { kind: 'permanent', code: 'refused', reason };
    return retryable('network', reason);
  }
  const reason = `HTTP ${status}`;
  if (status >= 500 || RETRYABLE_4XX.has(status)) {
    const retryAfterMs = RETRY_AFTER_STATUSES.has(status) ? parseRetryAfter(result.retryAfter, nowMs) : null;
    return retryable('status', reason, retryAfterMs);
  }
  if (status >= 300 && status < 400)
    return { kind: 'permanent', code: 'redirect', reason: `${reason}: redirect not followed` };
  if (status >= 400) return { kind: 'permanent', code: 'status', reason };
  // A 2xx that the endpoint's success rule refused (body pattern): the receiver may recover.
  return retryable('success_rule', `${reason}: response did not match the success rule`);
}
