/** Failed authentications a client address may make per window before it is answered 429. */
export const FAILED_AUTH_LIMIT = { perWindow: 30, windowMs: 60_000, maxAddresses: 10_000 };

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed authentications per client address in fixed windows, in this process, so that
 * an address guessing keys is stopped before its guesses reach the database. Bounded: when full,
 * the oldest address is forgotten.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limit = FAILED_AUTH_LIMIT) {}

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfterSeconds(address: string, now = Date.now()): number {
    const window = this.windows.get(address);
    if (!window || now - window.startedAt >= this.limit.windowMs) return 0;
    if (window.failures < this.limit.perWindow) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.limit.windowMs - now) / 1000));
  }

  failed(address: string, now = Date.now()): void {
    const window = this.windows.get(address);
    if (window && now - window.startedAt < this.limit.windowMs) {
      window.failures++;
      return;
    }
    this.windows.delete(address);
    if (this.windows.size >= this.limit.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
    this.windows.set(address, { startedAt: now, failures: 1 });
  }
}
