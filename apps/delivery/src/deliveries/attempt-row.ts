import { redactUrl } from '@postback/observability';
import { type DeliveryAttemptEntity } from './delivery-attempt.entity';
import { type AttemptRecord } from './delivery.store';
import { failureText } from '../sending/postback-sender';
import { pgSafeRecord, pgSafeText } from '@postback/text';

/**
 * The attempt-log row of one attempt. Everything in it came from outside (a receiver's body, a
 * dialer's values rendered into the request), so every text is made safe for PostgreSQL: a
 * row that cannot be written after a request was sent would have the request sent again.
 */
export function attemptRow(
  deliveryId: string,
  attemptNo: number,
  attempt: AttemptRecord,
): Omit<DeliveryAttemptEntity, 'id' | 'createdAt'> {
  const { request, result } = attempt;
  const received = result.received;
  const error = failureText(result.failure);
  return {
    deliveryId,
    attemptNo,
    method: request.method,
    url: pgSafeText(redactUrl(request.url)),
    requestHeaders: pgSafeRecord(request.headers),
    requestBody: request.body === null ? null : pgSafeText(request.body),
    statusCode: result.status,
    responseBody: pgSafeText(result.body),
    responseBodyRaw: received?.raw ?? null,
    responseBodyBinary: received?.binary ?? false,
    responseBodyTruncated: received?.truncated ?? false,
    responseContentType: received?.contentType ? pgSafeText(received.contentType) : null,
    error: error === null ? null : pgSafeText(error),
    errorClass: attempt.errorClass === null ? null : pgSafeText(attempt.errorClass),
    durationMs: result.durationMs,
    source: attempt.source,
    target: attempt.target ?? 'primary',
  };
}
