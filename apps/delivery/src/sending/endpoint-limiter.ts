export interface LimiterOptions {
  /** Requests in flight at once to one endpoint that sets no limit of its own. */
  concurrency: number;
  /** Requests started per second to such an endpoint (a token bucket, burst of one second); 0: none. */
  ratePerSecond: number;
}

/** An endpoint as the limiter sees it: its own limits, null for the defaults. */
export interface LimitedEndpoint {
  id: string;
  max_in_flight?: number | null;
  rate_limit_per_second?: number | null;
}

interface Lane {
  active: number;
  waiting: (() => void)[];
  tokens: number;
  refilledAt: number;
}

/**
 * A start promised by `reserve`: its slot is held and its token taken from the moment it is
 * made, so nobody can take them first; `run` with it starts the task at `startAt`. Given back
 * unused with `release` (a no-op once used or released).
 */
export interface Reservation {
  readonly endpointId: string;
  readonly startAt: number;
  /** Set once `run` took it: the task is starting (at `startAt` at the latest) or ran. */
  started: boolean;
  /** Frees the slot, and the token when `used` is false; true the first time only. */
  settle(used: boolean): boolean;
}

/** Reports each request that had to wait for a slot or a token, and for how long. */
export type ThrottleObserver = (endpointId: string, waitedMs: number) => void;

/**
 * Per-endpoint concurrency and rate limit, in memory (per replica), each endpoint with its own
 * limits or the defaults. `run` waits for a slot and a token, then runs the task; waits are
 * timers, never busy loops. `waitMs` tells, without waiting, how long a start would wait;
 * `reserve` takes that start, so that it is still the wait when the task runs.
 */
export class EndpointLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
    private readonly onThrottle: ThrottleObserver = () => undefined,
  ) {}

  /** A bare id runs with the default limits; with a reservation, at its start. */
  async run<T>(
    endpoint: string | LimitedEndpoint,
    task: () => Promise<T>,
    reservation?: Reservation,
  ): Promise<T> {
    if (reservation) return this.runReserved(reservation, task);
    const { id, concurrency, rate } = this.limitsOf(endpoint);
    const lane = this.lane(id, rate);
    const started = this.now();
    if (lane.active >= concurrency) await new Promise<void>((resolve) => lane.waiting.push(resolve));
    lane.active += 1;
    try {
      if (rate > 0) await this.token(lane, rate);
      const waited = this.now() - started;
      if (waited > 0) this.onThrottle(id, waited);
      return await task();
    } finally {
      lane.active -= 1;
      lane.waiting.shift()?.();
    }
  }

  /** How long a start now would wait: 0 free, Infinity when every slot is taken, else ms to a token. */
  waitMs(endpoint: string | LimitedEndpoint): number {
    const { id, concurrency, rate } = this.limitsOf(endpoint);
    const lane = this.lane(id, rate);
    if (lane.active >= concurrency) return Infinity;
    return rate > 0 ? this.tokenWaitMs(lane, rate) : 0;
  }

  /**
   * The start a run would get now, taken for it (slot and token), when it comes within
   * `maxWaitMs`; null (nothing taken) when every slot is busy or the token is further away.
   */
  reserve(endpoint: string | LimitedEndpoint, maxWaitMs: number): Reservation | null {
    const { id, rate } = this.limitsOf(endpoint);
    const lane = this.lane(id, rate);
    const waitMs = this.waitMs(endpoint);
    if (waitMs > maxWaitMs) return null;
    lane.active += 1;
    if (rate > 0) lane.tokens -= 1; // below zero: the next token is promised to this start
    let settled = false;
    return {
      endpointId: id,
      startAt: this.now() + waitMs,
      started: false,
      settle: (used) => {
        if (settled) return false;
        settled = true;
        lane.active -= 1;
        if (!used && rate > 0) lane.tokens += 1;
        lane.waiting.shift()?.();
        return true;
      },
    };
  }

  /**
   * As `reserve`, but a start that finds every slot taken waits up to `slotWaitMs` for one to
   * free, and takes it; null when none freed in time. A fast receiver frees slots within
   * milliseconds, so its deliveries wait a moment instead of going to the retry tier (a tier's
   * delay later); a slow one's stay taken and the start is given up after `slotWaitMs`.
   */
  async reserveWithin(
    endpoint: string | LimitedEndpoint,
    maxWaitMs: number,
    slotWaitMs: number,
  ): Promise<Reservation | null> {
    const { id, rate } = this.limitsOf(endpoint);
    const until = this.now() + slotWaitMs;
    for (;;) {
      const reservation = this.reserve(endpoint, maxWaitMs);
      const left = until - this.now();
      if (reservation || left <= 0 || this.waitMs(endpoint) !== Infinity) return reservation;
      if (!(await this.slotFreed(this.lane(id, rate), left))) return null;
    }
  }

  /** Gives an unused reservation back (its slot and token); nothing once it ran. */
  release(reservation: Reservation): void {
    reservation.settle(false);
  }

  /** True once a slot of the lane frees (handed to one waiter at a time), false after `ms`. */
  private slotFreed(lane: Lane, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = lane.waiting.indexOf(wake);
        if (at >= 0) lane.waiting.splice(at, 1);
        resolve(false);
      }, ms);
      lane.waiting.push(wake);
    });
  }

  private async runReserved<T>(reservation: Reservation, task: () => Promise<T>): Promise<T> {
    reservation.started = true;
    try {
      const waitMs = reservation.startAt - this.now();
      if (waitMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, waitMs));
        this.onThrottle(reservation.endpointId, waitMs);
      }
      return await task();
    } finally {
      reservation.settle(true);
    }
  }

  private limitsOf(endpoint: string | LimitedEndpoint) {
    if (typeof endpoint === 'string')
      return { id: endpoint, concurrency: this.options.concurrency, rate: this.options.ratePerSecond };
    return {
      id: endpoint.id,
      concurrency: endpoint.max_in_flight ?? this.options.concurrency,
      rate: endpoint.rate_limit_per_second ?? this.options.ratePerSecond,
    };
  }

  /** Milliseconds until a token is available on this lane (0 when one is). */
  private tokenWaitMs(lane: Lane, rate: number): number {
    const now = this.now();
    // The burst is one second's worth, at least one request.
    lane.tokens = Math.min(Math.max(rate, 1), lane.tokens + ((now - lane.refilledAt) / 1000) * rate);
    lane.refilledAt = now;
    return lane.tokens >= 1 ? 0 : Math.ceil(((1 - lane.tokens) / rate) * 1000);
  }

  private async token(lane: Lane, rate: number): Promise<void> {
    for (let wait = this.tokenWaitMs(lane, rate); wait > 0; wait = this.tokenWaitMs(lane, rate)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    lane.tokens -= 1;
  }

  private lane(endpointId: string, rate: number): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { active: 0, waiting: [], tokens: Math.max(rate, 1), refilledAt: this.now() };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }
}
