import { PermanentMessageError, classifyHandlerError } from './handler-failure';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('classifyHandlerError', () => {
  it('takes a typed permanent error at its word', () => {
    expect(classifyHandlerError(new PermanentMessageError('no such campaign', 'unknown_campaign'))).toEqual({
      kind: 'permanent',
      reason: 'unknown_campaign',
    });
  });

  it.each([
    ['22P05', 'database_data_error'], // untranslatable character (a NUL in jsonb)
    ['22021', 'database_data_error'], // invalid byte sequence
    ['23505', 'database_integrity_error'],
  ])('classes SQLSTATE %s as permanent (%s), also inside a TypeORM QueryFailedError', (code, reason) => {
    expect(classifyHandlerError(pgError(code))).toEqual({ kind: 'permanent', reason });
    const typeorm = Object.assign(new Error('query failed'), {
      name: 'QueryFailedError',
      driverError: pgError(code),
    });
    expect(classifyHandlerError(typeorm)).toEqual({ kind: 'permanent', reason });
  });

  it.each(['08006', '57P01', '40001', '53300'])(
    'classes SQLSTATE %s (the database, not the data) as transient',
    (code) => {
      expect(classifyHandlerError(pgError(code))).toEqual({ kind: 'transient' });
    },
  );

  it('classes an unreachable database or broker as transient', () => {
    expect(classifyHandlerError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toEqual({
      kind: 'transient',
    });
    expect(classifyHandlerError(new Error('Connection terminated unexpectedly'))).toEqual({
      kind: 'transient',
    });
    for (const code of ['EHOSTUNREACH', 'ENETUNREACH']) {
      expect(classifyHandlerError(Object.assign(new Error('connect'), { code }))).toEqual({
        kind: 'transient',
      });
    }
    expect(
      classifyHandlerError(new Error('Client has encountered a connection error and is not queryable')),
    ).toEqual({ kind: 'transient' });
    const kafka = new Error('The coordinator is not available');
    kafka.name = 'KafkaJSProtocolError';
    expect(classifyHandlerError(kafka)).toEqual({ kind: 'transient' });
  });

  it('leaves anything else unknown (retried a bounded number of times)', () => {
    expect(classifyHandlerError(new TypeError('x is undefined'))).toEqual({ kind: 'unknown' });
    expect(classifyHandlerError('a string')).toEqual({ kind: 'unknown' });
    expect(classifyHandlerError(pgError('42P01'))).toEqual({ kind: 'unknown' });
  });
});
