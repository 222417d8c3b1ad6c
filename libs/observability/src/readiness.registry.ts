import { Injectable } from '@nestjs/common';
import { type ReadinessReport } from './health-report.schema';

export type ReadinessCheck = () => Promise<void>;

export type { ReadinessReport } from './health-report.schema';

/** Dependencies register a check here (kafka, schema-registry, postgres); /health/ready runs them all. */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  /** From the start of a graceful shutdown on: not ready, so that load balancers stop sending. */
  drain(): void {
    this.draining = true;
  }

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async report(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await check();
          return [name, 'up'] as const;
        } catch (error) {
          return [name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
        }
      }),
    );
    if (this.draining) entries.push(['shutdown', 'down: shutting down']);
    return { ready: entries.every(([, state]) => state === 'up'), checks: Object.fromEntries(entries) };
  }
}
