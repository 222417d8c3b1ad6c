import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** Which request part a framework-raised error is about, by status. */
const FIELD_BY_STATUS: Record<number, string> = { 400: '(body)', 413: '(body)', 415: 'content-type' };

/** The status's reason phrase in snake case: 413 → payload_too_large. */
const errorCode = (status: number): string =>
  (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/\W+/g, '_');

/**
 * One error shape everywhere: `{error, message, fields?}`. Errors our code raises already
 * have it and pass through; the framework's own (malformed JSON, body too large,
 * unsupported content type, unknown route) are reshaped to name the part that is wrong.
 */
@Catch(HttpException)
export class HttpErrorShapeFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (
      typeof body === 'object' &&
      body !== null &&
      typeof (body as { error?: unknown }).error === 'string' &&
      'message' in body &&
      !('statusCode' in body)
    ) {
      void reply.status(status).send(body);
      return;
    }
    const message =
      typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
    const field = FIELD_BY_STATUS[status];
    void reply.status(status).send({
      error: errorCode(status),
      message,
      ...(field ? { fields: [{ field, problem: message }] } : {}),
    });
  }
}
