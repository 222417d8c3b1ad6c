import { type Logger } from 'pino';
import { type RetentionPruner } from './retention-pruner';
import { type RetentionMetrics } from './retention.metrics';

export interface RetentionTiming {
  /** Between runs that left nothing behind (and after a failed or skipped one). */
  intervalMs: number;
  /** After a run that stopped with rows left: a short pause, then on, until it catches up. */
  catchUpMs: number;
}

/**
 * Runs a pruner every `intervalMs` (the first run soon after start), sooner while it catches
 * up; stop() ends a run in progress after its batch in flight and waits for that.
 */
export class RetentionSchedule {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    private readonly pruner: Pick<RetentionPruner, 'runOnce'>,
    private readonly timing: RetentionTiming,
    private readonly logger: Logger,
    private readonly metrics?: RetentionMetrics,
  ) {}

  start(firstRunMs = Math.min(this.timing.intervalMs, 60_000)): void {
    this.schedule(firstRunMs);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.run().then((nextMs) => this.schedule(nextMs));
    }, delayMs);
    this.timer.unref();
  }

  /** Answers when to run next. */
  private async run(): Promise<number> {
    try {
      const results = await this.pruner.runOnce(new Date(), this.stopping.signal);
      if (!results) {
        this.logger.info('retention: another instance holds the lock; skipping this run');
        return this.timing.intervalMs;
      }
      const deleted: Record<string, number> = {};
      for (const [table, result] of Object.entries(results)) {
        deleted[table] = result.deleted;
        this.metrics?.deleted(table, result.deleted);
      }
      const complete = Object.values(results).every((result) => result.complete);
      this.logger.info({ deleted, complete }, 'retention: run finished');
      return complete ? this.timing.intervalMs : this.timing.catchUpMs;
    } catch (error) {
      this.logger.warn({ err: error }, 'retention: pruning failed; trying again next interval');
      return this.timing.intervalMs;
    }
  }
}
