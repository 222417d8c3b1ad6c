import { classifyFailure } from './failure-class';
import { type SendResult, type TransportFailure } from '../sending/postback-sender';

const NOW = Date.UTC(2026, 11, 7);
const answer = (status: number, retryAfter: string | null = null): SendResult => ({
  status,
  failure: null,
  body: '',
  durationMs: 1,
  retryAfter,
});
const noAnswer = (failure: TransportFailure | null): SendResult => ({
  status: null,
  failure,
  body: '',
  durationMs: 1,
});

describe('classifyFailure', () => {
  it.each([
    [400, 'permanent', 'status'],
    [401, 'permanent', 'status'],
    [403, 'permanent', 'status'],
    [404, 'permanent', 'status'],
    [410, 'permanent', 'status'],
    [422, 'permanent', 'status'],
    [301, 'permanent', 'redirect'],
    [302, 'permanent', 'redirect'],
    [408, 'retryable', 'status'],
    [425, 'retryable', 'status'],
    [429, 'retryable', 'status'],
    [500, 'retryable', 'status'],
    [502, 'retryable', 'status'],
    [503, 'retryable', 'status'],
    [504, 'retryable', 'status'],
    [200, 'retryable', 'success_rule'],
  ] as const)('HTTP %d is %s (%s)', (status, kind, code) => {
    expect(classifyFailure(answer(status), NOW)).toMatchObject({ kind, code });
  });

  it.each([
    [429, '7', 7000],
    [503, '7', 7000],
    [503, new Date(NOW + 90_000).toUTCString(), 90_000],
    [503, null, null],
    [503, 'soon', null],
    [500, '7', null],
    [408, '7', null],
  ])('HTTP %d with Retry-After %p waits %p ms', (status, header, retryAfterMs) => {
    expect(classifyFailure(answer(status, header), NOW)).toMatchObject({ kind: 'retryable', retryAfterMs });
  });

  it.each([
    [
      { kind: 'network', code: 'ETIMEDOUT', message: 'Timeout awaiting request for 15000ms' },
      'retryable',
      'network',
    ],
    [
      { kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.1.1.1:80' },
      'retryable',
      'network',
    ],
    [{ kind: 'network', code: null, message: 'socket hang up' }, 'retryable', 'network'],
    [{ kind: 'refused', code: 'ESSRF', message: '10.0.0.1 is a private address' }, 'permanent', 'refused'],
    [
      { kind: 'refused', code: 'EINVALIDURL', message: 'not an absolute http(s) URL' },
      'permanent',
      'refused',
    ],
  ] as const)('%p is %s', (failure, kind, code) => {
    const reason = failure.code ? `${failure.code}: ${failure.message}` : failure.message;
    expect(classifyFailure(noAnswer(failure), NOW)).toMatchObject({ kind, code, reason });
  });

  it('names the status as the reason, for people', () => {
    expect(classifyFailure(answer(400), NOW)).toEqual({
      kind: 'permanent',
      code: 'status',
      reason: 'HTTP 400',
    });
    expect(classifyFailure(noAnswer(null), NOW)).toMatchObject({ kind: 'retryable', reason: 'no response' });
  });
});
