import { type Consumer } from 'kafkajs';
import { type Logger } from 'pino';
import { type KafkaConsumerMetrics } from './kafka-consumer.metrics';
import { DEFAULT_POISON_OPTIONS, type PoisonOptions, PoisonPolicy } from './poison-policy';
import { type RestartBackoff, restartDelayMs } from './restart-backoff';
import { SupervisedConsumer, type SupervisorClock } from './supervised-consumer';

export interface SuperviseSpec {
  groupId: string;
  /** A new consumer, not connected yet: a crashed kafkajs consumer is never reused. */
  create(): Consumer;
  /** Connects, subscribes and runs it (resolves once it joined the group). */
  run(consumer: Consumer): Promise<void>;
}

/** Consumer `retry` options for a supervised consumer: kafkajs never restarts it by itself. */
export const SUPERVISED_RETRY = { restartOnFailure: async (): Promise<boolean> => false };

export interface SupervisorOptions {
  backoff: RestartBackoff;
  /** A consumer not running for longer than this fails liveness (the process cannot heal it). */
  livenessMs: number;
  /** How the supervised consumers treat a message that fails (the one poison policy). */
  poison?: PoisonOptions;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  backoff: { initialMs: 500, maxMs: 30_000 },
  livenessMs: 300_000,
};

const systemClock: SupervisorClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  random: () => Math.random(),
};

/**
 * Keeps every consumer of a service running. kafkajs gives up on a consumer after a
 * non-retriable error (e.g. "Failed to find group coordinator" while a broker restarts) and
 * never restarts it; here any crash — the CRASH event, or connect/subscribe/run rejecting —
 * makes a new consumer after a capped, jittered exponential backoff. Its state feeds the
 * readiness and liveness checks and the metrics.
 */
export class ConsumerSupervisor {
  private readonly supervised = new Set<SupervisedConsumer>();
  /** Shared by the consumers it supervises, so that every kind treats a poison message alike. */
  readonly poison: PoisonPolicy;

  constructor(
    private readonly logger: Logger,
    private readonly options: SupervisorOptions = DEFAULT_SUPERVISOR_OPTIONS,
    private readonly metrics?: KafkaConsumerMetrics,
    private readonly clock: SupervisorClock = systemClock,
  ) {
    this.poison = new PoisonPolicy(logger, options.poison ?? DEFAULT_POISON_OPTIONS, metrics);
  }

  /** Resolves after the first attempt, started or not (a failed one is retried in the background). */
  async supervise(spec: SuperviseSpec): Promise<{ stop(): Promise<void> }> {
    const member = new SupervisedConsumer(spec, this.clock, this.logger, this.metrics, (failures) =>
      restartDelayMs(failures, this.options.backoff, this.clock.random),
    );
    member.resetAfterMs = this.options.backoff.maxMs;
    this.supervised.add(member);
    await member.attempt();
    return {
      stop: async () => {
        this.supervised.delete(member);
        await member.stop();
      },
    };
  }

  /** The groups not running now, with how long each has been down. */
  notRunning(): { groupId: string; downForMs: number }[] {
    const now = this.clock.now();
    return [...this.supervised]
      .filter((member) => !member.running)
      .map((member) => ({ groupId: member.groupId, downForMs: now - member.downSince }));
  }

  /** For /health/ready: throws naming every consumer group that is not running. */
  assertRunning(): void {
    const down = this.notRunning();
    if (down.length > 0) throw new Error(`consumer not running: ${describe(down)}`);
  }

  /** For /health/live: throws when a consumer has been down longer than the liveness bound. */
  assertAlive(): void {
    const stuck = this.notRunning().filter(({ downForMs }) => downForMs > this.options.livenessMs);
    if (stuck.length > 0) {
      throw new Error(`consumer not running for over ${this.options.livenessMs} ms: ${describe(stuck)}`);
    }
  }
}

function describe(down: { groupId: string; downForMs: number }[]): string {
  return down.map(({ groupId, downForMs }) => `${groupId} (${Math.round(downForMs / 1000)} s)`).join(', ');
}
