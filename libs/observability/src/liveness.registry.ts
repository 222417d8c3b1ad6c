import { Injectable } from '@nestjs/common';
import { type LivenessReport } from './health-report.schema';

/** A check that throws when the process cannot heal itself (an orchestrator should restart it). */
export type LivenessCheck = () => void;

export type { LivenessReport } from './health-report.schema';

/**
 * What /health/live asks besides "the event loop answers": only states that waiting will not
 * fix (a Kafka consumer down for longer than its bound), never a dependency that is away.
 */
@Injectable()
export class LivenessRegistry {
  private readonly checks = new Map<string, LivenessCheck>();

  add(name: string, check: LivenessCheck): void {
    this.checks.set(name, check);
  }

  report(): LivenessReport {
    const entries = [...this.checks].map(([name, check]) => {
      try {
        check();
        return [name, 'up'] as const;
      } catch (error) {
        return [name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
      }
    });
    const ok = entries.every(([, state]) => state === 'up');
    return { status: ok ? 'ok' : 'failing', checks: Object.fromEntries(entries) };
  }
}
