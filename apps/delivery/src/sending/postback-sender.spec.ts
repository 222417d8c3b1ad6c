import { isSuccess } from './postback-sender';

const result = (status: number | null, body = '') => ({ status, body, durationMs: 1, failure: null });

describe('isSuccess', () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [404, false],
    [500, false],
    [null, false],
  ])('HTTP %p alone: %s', (status, ok) => expect(isSuccess(result(status))).toBe(ok));

  it.each([
    ['success=true', true],
    ['{"success":true}', false],
    ['success=false', false],
    ['', false],
  ])('with a body pattern, "%s": %s', (body, ok) => {
    expect(isSuccess(result(200, body), { body_pattern: '^success=true$' })).toBe(ok);
  });

  it('never accepts a non-2xx whatever the body says', () => {
    expect(isSuccess(result(500, 'success=true'), { body_pattern: 'success=true' })).toBe(false);
  });

  it('runs a catastrophic pattern on a hostile body in linear time', () => {
    expect(isSuccess(result(200, `${'a'.repeat(50)}!`), { body_pattern: '(a+)+$' })).toBe(false);
  });

  it('matches against the whole body kept, not only its first 2 KB', () => {
    expect(
      isSuccess(result(200, `${'x'.repeat(10_000)}success=true`), { body_pattern: 'success=true$' }),
    ).toBe(true);
  });
});
