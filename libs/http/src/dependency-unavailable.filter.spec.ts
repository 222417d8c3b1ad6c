import { type ArgumentsHost, BadRequestException } from '@nestjs/common';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';

function answer(exception: unknown): { status: number; headers: Record<string, string>; body: unknown } {
  const result = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const reply = {
    status(code: number) {
      result.status = code;
      return reply;
    },
    header(name: string, value: string) {
      result.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      result.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => reply }),
    getArgByIndex: () => reply,
  } as unknown as ArgumentsHost;
  const fallback = { reply: jest.fn(), isHeadersSent: () => false, end: jest.fn() };
  new DependencyUnavailableFilter(fallback as never).catch(exception, host);
  if (fallback.reply.mock.calls.length > 0) {
    const [, body, status] = fallback.reply.mock.calls[0] as [unknown, unknown, number];
    return { status, headers: {}, body };
  }
  return result;
}

describe('DependencyUnavailableFilter', () => {
  it('answers 503 with Retry-After when PostgreSQL cannot be reached', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(answer(refused)).toEqual({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: expect.objectContaining({ error: 'unavailable' }),
    });
    expect(answer(new Error('Connection terminated unexpectedly')).status).toBe(503);
    const shuttingDown = Object.assign(new Error('terminating connection'), {
      driverError: { code: '57P01' },
    });
    expect(answer(shuttingDown).status).toBe(503);
  });

  it('keeps the error shape of HTTP errors', () => {
    const body = { error: 'validation_failed', message: 'call_id: is required' };
    expect(answer(new BadRequestException(body))).toEqual({ status: 400, headers: {}, body });
  });

  it('leaves any other error to Nest: a 500, not a 503', () => {
    expect(answer(new TypeError('x is undefined')).status).toBe(500);
  });
});
