import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Config, InjectConfig } from '@postback/config';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
 * With no ADMIN_TOKEN configured every admin request is refused.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(@InjectConfig() config: Config) {
    this.expected = config.adminToken ? digest(config.adminToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>()
      .headers.authorization;
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    if (!this.expected || !token || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException({
        error: 'unauthorized',
        message: 'a valid admin bearer token is required',
      });
    }
    return true;
  }
}
