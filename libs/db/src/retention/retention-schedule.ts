import { type Logger } from 'pino';
import { type RetentionPruner } from './retention-pruner';

/** Runs a pruner every `intervalMs` (the first run soon after start); stop() waits for a run in progress. */
export class RetentionSchedule {
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly pruner: RetentionPruner,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(firstRunMs = Math.min(this.intervalMs, 60_000)): void {
    this.schedule(firstRunMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.run().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      const results = await this.pruner.runOnce();
      if (!results) return; // another instance is pruning
      for (const [table, result] of Object.entries(results)) {
        if (result.deleted > 0) this.logger.info({ table, ...result }, 'retention: old rows pruned');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'retention: pruning failed; trying again next interval');
    }
  }
}
