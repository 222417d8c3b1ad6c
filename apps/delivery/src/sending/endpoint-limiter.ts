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

/** Reports each request that had to wait for a slot or a token, and for how long. */
export type ThrottleObserver = (endpointId: string, waitedMs: number) => void;

/**
 * Per-endpoint concurrency and rate limit, in memory (per replica), each endpoint with its own
 * limits or the defaults. `run` waits for a slot and a token, then runs the task; waits are
 * timers, never busy loops. `waitMs` tells, without waiting, how long a start would wait.
 */
export class EndpointLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
    private readonly onThrottle: ThrottleObserver = () => undefined,
  ) {}

  /** A bare id runs with the default limits. */
  async run<T>(endpoint: string | LimitedEndpoint, task: () => Promise<T>): Promise<T> {
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
