import { classifyFailure } from './failure-class';

const result = (status: number | null, error: string | null = null) => ({
  status,
  error,
  body: '',
  durationMs: 1,
  retryAfter: null,
});

describe('classifyFailure', () => {
  it.each([
    [400, 'permanent'],
    [401, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
    [422, 'permanent'],
    [301, 'permanent'],
    [302, 'permanent'],
    [408, 'retryable'],
    [425, 'retryable'],
    [429, 'retryable'],
    [500, 'retryable'],
    [502, 'retryable'],
    [503, 'retryable'],
    [504, 'retryable'],
    [200, 'retryable'],
  ] as const)('HTTP %d is %s', (status, kind) => {
    expect(classifyFailure(result(status)).kind).toBe(kind);
  });

  it.each([
    [429, true],
    [503, true],
    [500, false],
    [408, false],
  ])('HTTP %d honours Retry-After: %s', (status, honours) => {
    expect(classifyFailure(result(status))).toMatchObject({ honourRetryAfter: honours });
  });

  it.each([
    ['ETIMEDOUT: Timeout awaiting request for 15000ms', 'retryable'],
    ['ECONNREFUSED: connect ECONNREFUSED 10.1.1.1:80', 'retryable'],
    ['ECONNRESET: socket hang up', 'retryable'],
    ['ENOTFOUND: getaddrinfo ENOTFOUND nowhere.test', 'retryable'],
    ['ESSRF: 10.0.0.1 is a private address', 'permanent'],
    ['EINVALIDURL: not an absolute http(s) URL', 'permanent'],
  ])('"%s" is %s', (error, kind) => {
    expect(classifyFailure(result(null, error))).toMatchObject({ kind, reason: error });
  });

  it('names the status as the reason', () => {
    expect(classifyFailure(result(400))).toEqual({ kind: 'permanent', reason: 'HTTP 400' });
  });
});
