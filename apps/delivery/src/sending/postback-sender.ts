import { matchesPattern } from '@postback/text';
import { type ResponseBody } from './response-body';
import { type OutboundRequest } from '../deliveries/render-request';

export interface SendResult {
  /** HTTP status, or null when no response arrived (timeout, refused, DNS…). */
  status: number | null;
  /** The response body as kept (text PostgreSQL accepts): what body-pattern success rules see. */
  body: string;
  /** The same body with its raw bytes when binary, content type and truncation, for the attempt log. */
  received?: ResponseBody;
  durationMs: number;
  error: string | null;
  /** The response's Retry-After header, if any (honoured for 429 and 503). */
  retryAfter?: string | null;
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
