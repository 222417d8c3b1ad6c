import { matchesPattern } from '@postback/text';
import { type ResponseBody } from './response-body';
import { type OutboundRequest } from '../deliveries/render-request';

/**
 * Why no answer came: `refused`, the request was never sent (a target the SSRF policy refuses,
 * a URL that is not http(s)); `network`, it went out and failed (timeout, reset, DNS…).
 */
export interface TransportFailure {
  kind: 'refused' | 'network';
  /** The error's code (ESSRF, ETIMEDOUT, ECONNREFUSED…), when it has one. */
  code: string | null;
  message: string;
}

export interface SendResult {
  /** HTTP status, or null when no response arrived (timeout, refused, DNS…). */
  status: number | null;
  /** The response body as kept (text PostgreSQL accepts): what body-pattern success rules see. */
  body: string;
  /** The same body with its raw bytes when binary, content type and truncation, for the attempt log. */
  received?: ResponseBody;
  durationMs: number;
  /** Null when an answer came (whatever its status). */
  failure: TransportFailure | null;
  /** The response's Retry-After header, if any (honoured for 429 and 503). */
  retryAfter?: string | null;
}

/** A transport failure as people read it (attempt rows, last_error, logs): `ETIMEDOUT: Timeout awaiting…`. */
export function failureText(failure: TransportFailure | null): string | null {
  if (failure === null) return null;
  return failure.code ? `${failure.code}: ${failure.message}` : failure.message;
}

/** The port deliveries send through; the got adapter implements it. */
export abstract class PostbackSender {
  abstract send(request: OutboundRequest): Promise<SendResult>;
}

/**
 * The success rule: any 2xx, and when the endpoint gives a body pattern, a body that matches it
 * (the whole body as kept, in linear time: a receiver's body cannot stall delivery).
 */
export function isSuccess(result: SendResult, rule?: { body_pattern: string | null }): boolean {
  const ok = result.status !== null && result.status >= 200 && result.status < 300;
  if (!ok || !rule?.body_pattern) return ok;
  return matchesPattern(rule.body_pattern, result.body);
}
