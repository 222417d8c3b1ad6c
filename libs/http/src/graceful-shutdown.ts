import { type Logger } from 'pino';

export interface Closable {
  /** Stops taking new work and waits for what is in flight (Fastify: new requests get 503). */
  stopIntake(): Promise<void>;
  /** Nest's hooks: consumers stop and commit, producers flush and close, then the database. */
  close(): Promise<void>;
}

export interface ShutdownOptions {
  graceMs: number;
  logger: Pick<Logger, 'info' | 'error'>;
  /** Called first, so that /health/ready turns 503 and a load balancer stops sending. */
  onDraining?(): void;
  /**
   * How long to keep serving after onDraining before intake stops: a load balancer only sees the
   * 503 on its next probe, and until it has deregistered the instance it still sends requests.
   */
  drainMs?: number;
  exit?(code: number): void;
}

/**
 * The sequence a SIGTERM starts: not ready (still serving for `drainMs`, so that a load balancer
 * sees it and deregisters), stop intake (finishing in-flight requests), run the shutdown hooks,
 * exit 0. If that takes longer than the grace period the process exits 1: whatever was not
 * committed by then is redelivered to the next instance (at least once).
 */
export async function shutDown(target: Closable, signal: string, options: ShutdownOptions): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const startedAt = Date.now();
  const drainMs = options.drainMs ?? 0;
  options.logger.info({ signal, grace_ms: options.graceMs, drain_ms: drainMs }, 'shutting down');
  const timer = setTimeout(() => {
    options.logger.error({ grace_ms: options.graceMs }, 'grace period over: exiting with work unfinished');
    exit(1);
  }, options.graceMs);
  try {
    options.onDraining?.();
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    await target.stopIntake();
    await target.close();
    options.logger.info({ duration_ms: Date.now() - startedAt }, 'shut down cleanly');
    exit(0);
  } catch (error) {
    options.logger.error({ err: error }, 'shutdown failed');
    exit(1);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `shutDown` once on the first SIGTERM or SIGINT; later signals are ignored. */
export function shutDownOnSignals(target: Closable, options: ShutdownOptions): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    void shutDown(target, signal, options);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
