import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { type ArgumentsHost } from '@nestjs/common';
import { HttpErrorShapeFilter } from './http-error-shape.filter';

function sent(exception: HttpException): { status: number; body: unknown } {
  const result = { status: 0, body: undefined as unknown };
  const reply = {
    status(code: number) {
      result.status = code;
      return reply;
    },
    send(body: unknown) {
      result.body = body;
      return reply;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new HttpErrorShapeFilter().catch(exception, host);
  return result;
}

describe('HttpErrorShapeFilter', () => {
  it('passes our own error bodies through unchanged', () => {
    const body = {
      error: 'validation_failed',
      message: 'call_id: is required',
      fields: [{ field: 'call_id', problem: 'is required' }],
    };
    expect(sent(new BadRequestException(body))).toEqual({ status: 400, body });
  });

  it('names the body for a body that is too large or malformed', () => {
    expect(sent(new HttpException({ statusCode: 413, message: 'Request body is too large' }, 413))).toEqual({
      status: 413,
      body: {
        error: 'payload_too_large',
        message: 'Request body is too large',
        fields: [{ field: '(body)', problem: 'Request body is too large' }],
      },
    });
    const malformed = sent(
      new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'"),
    );
    expect(malformed.body).toMatchObject({ error: 'bad_request', fields: [{ field: '(body)' }] });
  });

  it('names the content type for an unsupported one', () => {
    expect(sent(new HttpException('Unsupported Media Type', 415)).body).toEqual({
      error: 'unsupported_media_type',
      message: 'Unsupported Media Type',
      fields: [{ field: 'content-type', problem: 'Unsupported Media Type' }],
    });
  });

  it('keeps the shape for errors about no field', () => {
    expect(sent(new NotFoundException()).body).toEqual({ error: 'not_found', message: 'Not Found' });
  });
});
