import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Config, InjectConfig } from '@postback/config';
import { parseOrThrow } from '@postback/http';
import { AdminTokenCheck } from './admin-token-check';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie';
import { type ConsoleSession, SessionStore } from './session.store';
import { proxyAccess } from '../proxy/proxy-access';

const signInSchema = z.object({
  token: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters').max(512),
});

/** What the page learns: its CSRF token, and where dialers reach ingest (for the URLs it shows). */
export interface SessionInfo {
  csrf_token: string;
  expires_at: string;
  ingest_url: string;
}

/** Sign-in with the admin token (kept here, never sent back), the CSRF token, and sign-out. */
@Controller('session')
export class SessionController {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly sessions: SessionStore,
    private readonly tokens: AdminTokenCheck,
  ) {}

  @Post()
  @HttpCode(201)
  async signIn(@Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionInfo> {
    const { token } = parseOrThrow(signInSchema, body ?? {});
    let accepted: boolean;
    try {
      accepted = await this.tokens.accepts(token);
    } catch {
      throw new ServiceUnavailableException({
        error: 'unavailable',
        message: 'the rules service could not check the token; try again',
      });
    }
    if (!accepted) {
      throw new UnauthorizedException({
        error: 'unauthorized',
        message: 'token: is not the admin token',
        fields: [{ field: 'token', problem: 'is not the admin token' }],
      });
    }
    const session = await this.sessions.create(token);
    reply.setCookie(
      SESSION_COOKIE,
      session.id,
      sessionCookieOptions(this.config, this.config.console.sessionMs),
    );
    return this.info(session);
  }

  /** The page asks on load whether it is signed in, and gets the CSRF token for its writes. */
  @Get()
  async current(@Req() request: FastifyRequest): Promise<SessionInfo> {
    const session = await this.sessions.find(request.cookies[SESSION_COOKIE]);
    if (!session) throw new UnauthorizedException({ error: 'unauthorized', message: 'not signed in' });
    return this.info(session);
  }

  private info(session: ConsoleSession): SessionInfo {
    return {
      csrf_token: session.csrfToken,
      expires_at: new Date(session.expiresAt).toISOString(),
      ingest_url: this.config.console.publicIngestUrl,
    };
  }

  @Delete()
  @HttpCode(204)
  async signOut(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const session = await this.sessions.find(request.cookies[SESSION_COOKIE]);
    const access = proxyAccess(session, 'DELETE', request.headers['x-csrf-token']);
    if (!access.allowed) throw new UnauthorizedException({ error: access.error, message: access.message });
    await this.sessions.delete(session!.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
