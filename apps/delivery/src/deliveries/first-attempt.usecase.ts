import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config, InjectConfig } from '@postback/config';
import { ROOT_LOGGER } from '@postback/observability';
import { AttemptDelivery, type AttemptInput, jobFor } from './attempt-delivery.usecase';
import { DeliveryStore } from './delivery.store';
import { HAND_OFF_REASON, handOffPlan } from './hand-off-plan';
import { SettleAttempts, type SentFor } from './settle-attempts';
import { RetryQueue } from '../retrying/retry-queue';
import { EndpointLimiter } from '../sending/endpoint-limiter';
import { ThrottleMetrics } from '../sending/throttle.metrics';

/**
 * The first attempt of a delivery from conversions.v1, time-boxed so that one endpoint's
 * limit or slowness never holds the decision's partition (and with it every other endpoint):
 * - the endpoint is busy (its in-flight or rate limit would make the start wait past the
 *   budget): nothing is sent, the delivery goes to the first retry tier, not as a failure;
 * - the request is still running after the budget: it goes on in the background and records
 *   its result as usual, while a retry job due after the request's timeout is produced before
 *   the handler returns. That job is dropped if the attempt was recorded by then; it sends only
 *   if the process died with the request in flight — at least once, never twice when it lived.
 */
@Injectable()
export class FirstAttempt implements BeforeApplicationShutdown {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly attempt: AttemptDelivery,
    private readonly settle: SettleAttempts,
    private readonly limiter: EndpointLimiter,
    private readonly store: DeliveryStore,
    private readonly queue: RetryQueue,
    private readonly metrics: ThrottleMetrics,
    @InjectConfig() private readonly config: Config,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A batch's first attempts, all at once, each time-boxed; those that ended within the budget
   * are settled together (SettleAttempts: one transaction, one produce of outcomes). Every
   * attempt runs to its end (or is handed off) before a failure of one is rethrown.
   */
  async runAll(inputs: AttemptInput[]): Promise<void> {
    const budgetMs = this.config.deliveryGuards.firstAttemptBudgetMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
    const started = await Promise.allSettled(inputs.map((input) => this.start(input, budgetMs, late)));
    clearTimeout(timer);
    await this.settle.settleAll(
      started.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : [])),
    );
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** One first attempt: sent within the budget (to be settled), or null when skipped or handed off. */
  private async start(input: AttemptInput, budgetMs: number, late: Promise<'late'>): Promise<SentFor | null> {
    const { endpoint } = input;
    if (this.limiter.waitMs(endpoint) > budgetMs) {
      this.metrics.handedOff.inc({ endpoint_id: endpoint.id, reason: 'busy' });
      const reason = 'endpoint busy: its in-flight or rate limit is reached';
      await this.attempt.skip(input, { kind: 'retryable', reason, honourRetryAfter: false });
      return null;
    }
    const sending = this.attempt.send(input);
    const first = await Promise.race([sending, late]);
    if (first !== 'late') {
      if (first.kind === 'sent') return { input, sent: first };
      await this.attempt.skip(input, first.failure);
      return null;
    }
    // Still running after the budget: it settles on its own in the background.
    const attempt = sending.then((sent) => this.attempt.settle(input, sent));
    this.track(attempt, input);
    try {
      await this.handOff(input, budgetMs);
    } catch (error) {
      // The hand-off could not be written (the database or Kafka is away): wait for the attempt
      // itself, which records once the database is back, rather than fail the message, which
      // would be replayed and sent again while this request is still in flight.
      this.logger.warn(
        { err: (error as Error).message, delivery_id: input.delivery.deliveryId },
        'hand-off failed; waiting for the attempt in flight',
      );
      await attempt;
    }
    return null;
  }

  /** Shutdown waits for requests still in flight (each bounded by DELIVERY_TIMEOUT_MS). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async handOff(input: AttemptInput, budgetMs: number): Promise<void> {
    const plan = handOffPlan(this.config.delivery.retrySchedule, this.config.delivery.timeoutMs, budgetMs);
    const dueAt = Date.now() + plan.delayMs;
    const reason = HAND_OFF_REASON;
    // Guarded like every transition: false when the attempt was recorded meanwhile.
    const moved = await this.store.transition(input.delivery, {
      status: 'retrying',
      nextAttemptAt: new Date(dueAt),
      error: reason,
    });
    if (!moved) return;
    this.metrics.handedOff.inc({ endpoint_id: input.endpoint.id, reason: 'slow' });
    await this.queue.enqueue(jobFor(input), plan.tierIndex, dueAt, reason);
  }

  private track(attempt: Promise<void>, input: AttemptInput): void {
    const settled = attempt.catch((error: unknown) => {
      // Its retry job (produced by handOff) sends it again once due.
      this.logger.error(
        { err: error, delivery_id: input.delivery.deliveryId, endpoint_id: input.endpoint.id },
        'background first attempt failed',
      );
    });
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
  }
}
