import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type FieldError } from './field-errors';

export interface ErrorAnswer {
  status: number;
  body: { error: string; message: string; fields: FieldError[] };
}

const answer = (status: number, error: string, field: FieldError): ErrorAnswer => ({
  status,
  body: { error, message: `${field.field}: ${field.problem}`, fields: [field] },
});

/**
 * What to answer a request Node's HTTP parser refused (a raw byte such as 0x80 or a control
 * character in the URL, a broken header), naming the part: Fastify's own answer says only
 * "Client Error". Null: nothing to answer (the peer is gone).
 */
export function parserErrorAnswer(code: string | undefined): ErrorAnswer | null {
  switch (code) {
    case 'ECONNRESET':
      return null;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return answer(408, 'request_timeout', { field: '(request)', problem: 'did not arrive in time' });
    case 'HPE_HEADER_OVERFLOW':
      return answer(431, 'request_header_fields_too_large', { field: '(headers)', problem: 'are too large' });
    case 'HPE_INVALID_URL':
      return answer(400, 'bad_request', {
        field: '(url)',
        problem: 'has a byte that may not stand raw in a URL (percent-encode it)',
      });
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_LF_EXPECTED':
    case 'HPE_CR_EXPECTED':
      return answer(400, 'bad_request', { field: '(headers)', problem: 'are not valid HTTP/1.1 headers' });
    default:
      return answer(400, 'bad_request', { field: '(request)', problem: 'is not valid HTTP/1.1' });
  }
}

/** Fastify's `clientErrorHandler`: the parser's refusal in the `{error, message, fields}` shape. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const refusal = socket.destroyed ? null : parserErrorAnswer(error.code);
  if (refusal && socket.writable) {
    const body = JSON.stringify(refusal.body);
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Fastify's `frameworkErrors`: a path with broken percent-escapes, a path parameter too long. */
export function answerFrameworkError(
  error: Error & { code?: string },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const refusal =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? answer(414, 'uri_too_long', { field: '(path)', problem: 'has a segment longer than allowed' })
      : error.code === 'FST_ERR_BAD_URL'
        ? answer(400, 'bad_request', { field: '(path)', problem: 'has percent-escapes that are not UTF-8' })
        : answer(400, 'bad_request', { field: '(request)', problem: error.message });
  void reply.status(refusal.status).send(refusal.body);
}
