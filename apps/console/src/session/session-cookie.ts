import { type CookieSerializeOptions } from '@fastify/cookie';
import { type Config } from '@postback/config';

export const SESSION_COOKIE = 'postback_console_session';

/** HttpOnly (no script reads it), SameSite=Strict (no other site sends it), Secure outside development. */
export function sessionCookieOptions(config: Pick<Config, 'env'>, maxAgeMs: number): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.env !== 'development',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}
