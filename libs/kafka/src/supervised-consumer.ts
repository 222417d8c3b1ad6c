import { type Consumer } from 'kafkajs';
import { type Logger } from 'pino';
import { type SuperviseSpec } from './consumer-supervisor';
import { type KafkaConsumerMetrics } from './kafka-consumer.metrics';

export interface SupervisorClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

/** One consumer group member under supervision: its current kafkajs consumer and its state. */
export class SupervisedConsumer {
  running = false;
  /** Since when it has not been running (meaningful while `running` is false). */
  downSince: number;
  /** A run that lasted this long starts the backoff over. */
  resetAfterMs = Number.POSITIVE_INFINITY;
  private failures = 0;
  private startedAt: number | null = null;
  private consumer?: Consumer;
  private timer?: unknown;
  private stopped = false;

  constructor(
    private readonly spec: SuperviseSpec,
    private readonly clock: SupervisorClock,
    private readonly logger: Logger,
    private readonly metrics: KafkaConsumerMetrics | undefined,
    private readonly delayMs: (failures: number) => number,
  ) {
    this.downSince = clock.now();
    metrics?.running.set({ group: spec.groupId }, 0);
  }

  get groupId(): string {
    return this.spec.groupId;
  }

  async attempt(): Promise<void> {
    if (this.stopped) return;
    const consumer = this.spec.create();
    this.consumer = consumer;
    let crashed = false;
    // kafkajs emits CRASH after it disconnected the consumer (also when joining failed, in which
    // case run() still resolves).
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashed = true;
      this.crashed(consumer, payload.error);
    });
    try {
      await this.spec.run(consumer);
    } catch (error) {
      if (!crashed) this.crashed(consumer, error);
      return;
    }
    if (crashed || this.stopped || this.consumer !== consumer) return;
    this.running = true;
    this.startedAt = this.clock.now();
    this.metrics?.running.set({ group: this.groupId }, 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.running = false;
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.disconnect();
  }

  private crashed(consumer: Consumer, error: unknown): void {
    if (this.consumer !== consumer || this.stopped) return; // an old consumer, or shutting down
    this.consumer = undefined;
    const now = this.clock.now();
    if (this.running) this.downSince = now;
    if (this.startedAt !== null && now - this.startedAt >= this.resetAfterMs) this.failures = 0;
    this.running = false;
    this.startedAt = null;
    this.metrics?.running.set({ group: this.groupId }, 0);
    const delay = this.delayMs(this.failures++);
    this.logger.error(
      {
        groupId: this.groupId,
        err: error instanceof Error ? error.message : String(error),
        restartInMs: delay,
      },
      'consumer crashed; restarting',
    );
    void consumer.disconnect().catch(() => undefined);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.metrics?.restarts.inc({ group: this.groupId });
      void this.attempt();
    }, delay);
  }
}
