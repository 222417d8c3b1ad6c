import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual, MoreThan } from 'typeorm';
import { type Config, InjectConfig } from '@postback/config';
import { SecretKeyError } from '@postback/crypto';
import { SessionEntity } from './session.entity';
import { csrfTokenOf, newSessionId, openToken, sealToken, sessionKeyOf } from './session-secrets';

/** A signed-in browser: the admin token it gave once (never sent back) and its CSRF token. */
export interface ConsoleSession {
  id: string;
  adminToken: string;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Sessions in PostgreSQL (console.sessions), so every console process knows each sign-in and a
 * restart signs no one out. The browser holds only the unguessable session id (HttpOnly cookie);
 * the row holds its hash and the admin token sealed with a key only that id derives.
 */
@Injectable()
export class SessionStore {
  private readonly lifetimeMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() config: Config,
  ) {
    this.lifetimeMs = config.console.sessionMs;
  }

  private get rows() {
    return this.dataSource.getRepository(SessionEntity);
  }

  async create(adminToken: string): Promise<ConsoleSession> {
    await this.rows.delete({ expiresAt: LessThanOrEqual(new Date()) }); // expired sign-ins go here
    const id = newSessionId();
    const expiresAt = Date.now() + this.lifetimeMs;
    await this.rows.insert({
      key: sessionKeyOf(id),
      sealedToken: sealToken(id, adminToken),
      expiresAt: new Date(expiresAt),
    });
    return { id, adminToken, csrfToken: csrfTokenOf(id), expiresAt };
  }

  /** The live session with this id, or undefined (unknown, expired, or not opened by this id). */
  async find(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (!id) return undefined;
    const row = await this.rows.findOneBy({ key: sessionKeyOf(id), expiresAt: MoreThan(new Date()) });
    if (!row) return undefined;
    try {
      const adminToken = openToken(id, row.sealedToken);
      return { id, adminToken, csrfToken: csrfTokenOf(id), expiresAt: row.expiresAt.getTime() };
    } catch (error) {
      if (error instanceof SecretKeyError) return undefined;
      throw error;
    }
  }

  /** Sign-out: the row goes, so no console process knows the session any more. */
  async delete(id: string | undefined): Promise<void> {
    if (id) await this.rows.delete({ key: sessionKeyOf(id) });
  }
}
