import { type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { loadConfig } from '@postback/config';
import { AdminTokenGuard } from '@postback/http';

/**
 * The admin token is compared in constant time: every candidate, whatever its length or where
 * it differs, is reduced to a fixed-length digest and compared with timingSafeEqual — never
 * with ===, startsWith or a loop that stops at the first difference.
 */
describe('admin token comparison', () => {
  const token = 'a-very-long-admin-token-of-the-operator';
  const guard = new AdminTokenGuard(loadConfig({ ADMIN_TOKEN: token }));
  const contextWith = (authorization?: string) =>
    ({
      switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
    }) as unknown as ExecutionContext;

  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['the token', token, true],
    ['a different token of the same length', token.replace(/^a/, 'b'), false],
    ['a prefix of the token', token.slice(0, 5), false],
    ['the token and more', `${token}x`, false],
    ['one character', 'x', false],
  ])('compares %s as two 32-byte digests with timingSafeEqual', (_case, candidate, accepted) => {
    // The module object itself (what the guard's import reads at call time), not an interop copy.
    const compare = jest.spyOn(
      jest.requireActual<typeof import('node:crypto')>('node:crypto'),
      'timingSafeEqual',
    );
    const run = () => guard.canActivate(contextWith(`Bearer ${candidate}`));
    if (accepted) expect(run()).toBe(true);
    else expect(run).toThrow(UnauthorizedException);
    expect(compare).toHaveBeenCalledTimes(1);
    const [left, right] = compare.mock.calls[0] as [Buffer, Buffer];
    expect([left.length, right.length]).toEqual([32, 32]);
  });

  it('refuses everyone when no token is configured', () => {
    const open = new AdminTokenGuard(loadConfig({}));
    expect(() => open.canActivate(contextWith(`Bearer ${token}`))).toThrow(UnauthorizedException);
    expect(() => open.canActivate(contextWith())).toThrow(UnauthorizedException);
  });
});
