import { randomBytes } from 'node:crypto';

/** A signed-in browser: the admin token it gave once (never sent back) and its CSRF token. */
export interface ConsoleSession {
  id: string;
  adminToken: string;
  csrfToken: string;
  expiresAt: number;
}

const randomToken = (): string => randomBytes(32).toString('base64url');

/**
 * Sessions in this process's memory: the admin token stays server-side, the browser holds only
 * an unguessable session id (HttpOnly cookie). A restart signs everyone out, which is the safe
 * side for an admin console; several console instances would need a shared store.
 */
export class SessionStore {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => number = Date.now,
    /** Oldest sessions are dropped beyond this many, so sign-ins cannot grow memory without bound. */
    private readonly maxSessions = 1000,
  ) {}

  create(adminToken: string): ConsoleSession {
    this.sweep();
    while (this.sessions.size >= this.maxSessions) this.sessions.delete(this.sessions.keys().next().value!);
    const session = {
      id: randomToken(),
      adminToken,
      csrfToken: randomToken(),
      expiresAt: this.now() + this.lifetimeMs,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or undefined (unknown, or expired: then it is forgotten). */
  find(id: string | undefined): ConsoleSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= this.now()) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) if (session.expiresAt <= now) this.sessions.delete(id);
  }
}
