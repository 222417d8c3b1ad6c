export interface LimiterOptions {
  /** Requests in flight at once to one endpoint. */
  concurrency: number;
  /** Requests started per second to one endpoint (a token bucket with a burst of one second). */
  ratePerSecond: number;
}

interface Lane {
  active: number;
  waiting: (() => void)[];
  tokens: number;
  refilledAt: number;
}

/**
 * Per-endpoint concurrency and rate limit, in memory (per replica). `run` waits for a slot and a
 * token, then runs the task; waits are timers, never busy loops.
 */
export class EndpointLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly options: LimiterOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(endpointId: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lane(endpointId);
    if (lane.active >= this.options.concurrency)
      await new Promise<void>((resolve) => lane.waiting.push(resolve));
    lane.active += 1;
    try {
      await this.token(lane);
      return await task();
    } finally {
      lane.active -= 1;
      lane.waiting.shift()?.();
    }
  }

  /** Milliseconds until a token is available on this lane (0 when one is). */
  private waitMs(lane: Lane): number {
    const now = this.now();
    const rate = this.options.ratePerSecond;
    lane.tokens = Math.min(rate, lane.tokens + ((now - lane.refilledAt) / 1000) * rate);
    lane.refilledAt = now;
    return lane.tokens >= 1 ? 0 : Math.ceil(((1 - lane.tokens) / rate) * 1000);
  }

  private async token(lane: Lane): Promise<void> {
    for (let wait = this.waitMs(lane); wait > 0; wait = this.waitMs(lane)) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    lane.tokens -= 1;
  }

  private lane(endpointId: string): Lane {
    let lane = this.lanes.get(endpointId);
    if (!lane) {
      lane = { active: 0, waiting: [], tokens: this.options.ratePerSecond, refilledAt: this.now() };
      this.lanes.set(endpointId, lane);
    }
    return lane;
  }
}
