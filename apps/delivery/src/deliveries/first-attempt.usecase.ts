import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config, InjectConfig } from '@postback/config';
import { ROOT_LOGGER } from '@postback/observability';
import { type AttemptInput, jobFor } from './attempt';
import { AttemptClaims, type Claim } from './attempt-claims';
import { AttemptDelivery } from './attempt-delivery.usecase';
import { DeliveryStore } from './delivery.store';
import { HAND_OFF_REASON, handOffPlan } from './hand-off-plan';
import { SettleAttempts, type SentFor } from './settle-attempts';
import { RetryQueue } from '../retrying/retry-queue';
import { DeliveryMetrics } from '../delivery.metrics';
import { EndpointLimiter } from '../sending/endpoint-limiter';
import { ThrottleMetrics } from '../sending/throttle.metrics';

/**
 * How long a start waits for a free slot of its endpoint before it is handed to the retry tier:
 * enough for a fast receiver's requests to end, short enough that a slow receiver's full
 * endpoint holds its wave (and with it the other endpoints' next decisions) only this long.
 */
const SLOT_WAIT_MS = 200;

/**
 * Attempts of deliveries, time-boxed so that one endpoint's limit or slowness never holds the
 * partition they came from (and with it every other endpoint): a batch's first attempts, from
 * conversions.v1, and each retry, from its tier.
 * - the endpoint is busy (its in-flight or rate limit would make the start wait past the
 *   budget): nothing is sent, the delivery waits on its retry tier (the first from
 *   conversions.v1), not as a failure and without using up a retry;
 * - the request is still running after the budget: it goes on in the background and records
 *   its result as usual, while a hand-off job is produced before the handler returns. That job
 *   is dropped if the attempt was recorded by then, put back on its tier while the request may
 *   still be in flight (here, or until the request's timeout has passed), and sends only if the
 *   process died with the request in flight — at least once, never twice when it lived.
 */
@Injectable()
export class FirstAttempt implements BeforeApplicationShutdown, OnApplicationShutdown {
  /** Attempts gone on in the background, by delivery id. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly attempt: AttemptDelivery,
    private readonly settle: SettleAttempts,
    private readonly limiter: EndpointLimiter,
    private readonly store: DeliveryStore,
    private readonly queue: RetryQueue,
    private readonly metrics: ThrottleMetrics,
    private readonly claims: AttemptClaims,
    private readonly deliveryMetrics: DeliveryMetrics,
    @InjectConfig() private readonly config: Config,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** One attempt (a retry from its tier), time-boxed like a batch's first attempts. */
  run(input: AttemptInput): Promise<void> {
    return this.runAll([input]);
  }

  /**
   * A batch's attempts, all at once, each time-boxed; those that ended within the budget are
   * settled together (SettleAttempts: one transaction, one produce of outcomes). Every attempt
   * runs to its end (or is handed off) before a failure of one is rethrown.
   */
  async runAll(inputs: AttemptInput[]): Promise<void> {
    const budgetMs = this.config.deliveryGuards.firstAttemptBudgetMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
    const started = await Promise.allSettled(inputs.map((input) => this.start(input, budgetMs, late)));
    clearTimeout(timer);
    const sent = started.flatMap((result) =>
      result.status === 'fulfilled' && result.value ? [result.value] : [],
    );
    try {
      await this.settle.settleAll(sent.map(({ sentFor }) => sentFor));
    } finally {
      for (const { claim } of sent) this.claims.release(claim);
    }
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Shutdown waits for requests still in flight (each bounded by DELIVERY_TIMEOUT_MS). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /**
   * And again once every consumer has stopped (the Kafka transport closes in a global module's
   * beforeApplicationShutdown, after this module's): a retry job that came due in between may
   * have started an attempt. Global modules (the database, the producers) close after this.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** This process has an attempt of the delivery under way (sending, handed off, or not yet recorded). */
  inFlight(deliveryId: string): boolean {
    return this.inFlightAt(deliveryId) !== null;
  }

  /** The attempt count the attempt of the delivery under way here read; null when there is none. */
  inFlightAt(deliveryId: string): number | null {
    return this.claims.heldAt(deliveryId);
  }

  /**
   * One attempt: sent within the budget (to be settled; its claim released once it is), or null
   * when it sent nothing or was handed off (the claim released here, or when the background
   * attempt has settled).
   */
  private async start(
    input: AttemptInput,
    budgetMs: number,
    late: Promise<'late'>,
  ): Promise<{ sentFor: SentFor; claim: Claim } | null> {
    // Never beside an attempt of the same delivery under way here, nor from a read older than
    // an attempt recorded here since: that attempt records, and what follows it (retry job,
    // outcome) comes from it. Taken before the first await, so two starts cannot both pass.
    const claim = this.claims.claim(input.delivery.deliveryId, input.delivery.attempts);
    if (!claim) {
      this.deliveryMetrics.attemptsRefused.inc({ endpoint_id: input.endpoint.id });
      return null;
    }
    // A sent attempt keeps its claim until runAll has settled it, a handed-off one until its
    // background attempt has (track); everything else ends here.
    let kept = false;
    try {
      const started = await this.attemptClaimed(input, claim, budgetMs, late);
      kept = started !== null;
      return started === null || started === 'handed off' ? null : { sentFor: started, claim };
    } finally {
      if (!kept) this.claims.release(claim);
    }
  }

  private async attemptClaimed(
    input: AttemptInput,
    claim: Claim,
    budgetMs: number,
    late: Promise<'late'>,
  ): Promise<SentFor | 'handed off' | null> {
    const { endpoint } = input;
    // The start is reserved, not only looked up: queued behind later comers it could start
    // after its hand-off job came due, and both would send. Every slot taken: a moment's wait
    // for one (a fast receiver frees them in milliseconds) rather than a tier's delay.
    const reservation = await this.limiter.reserveWithin(endpoint, budgetMs, SLOT_WAIT_MS);
    if (!reservation) {
      this.metrics.handedOff.inc({ endpoint_id: endpoint.id, reason: 'busy' });
      await this.attempt.defer(input, 'endpoint busy: its in-flight or rate limit is reached');
      return null;
    }
    const sending = this.attempt
      .send({ ...input, reservation })
      .finally(() => this.limiter.release(reservation));
    const first = await Promise.race([sending, late]);
    if (first !== 'late') {
      if (first.kind === 'sent') return { input, sent: first };
      await this.attempt.notSent(input, first);
      return null;
    }
    const attempt = sending.then((sent) => this.attempt.settle(input, sent));
    // No request went out: no receiver holds it, and a hand-off job would stand beside the job
    // that path writes. Wait for it.
    if (!reservation.started) {
      await attempt;
      return null;
    }
    // Still running after the budget: it settles on its own in the background, holding the claim.
    this.track(attempt, input, claim);
    try {
      await this.handOff(input, budgetMs, attempt);
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
    return 'handed off';
  }

  private async handOff(input: AttemptInput, budgetMs: number, attempt: Promise<unknown>): Promise<void> {
    const { retrySchedule, timeoutMs } = this.config.delivery;
    const plan = handOffPlan(retrySchedule, timeoutMs, budgetMs, Math.max(0, input.nextTierIndex - 1));
    const now = Date.now();
    const reason = HAND_OFF_REASON;
    // Guarded like every transition: false when the attempt was recorded meanwhile. Until
    // next_attempt_at the attempt may still be in flight: the job is put back until then.
    const moved = await this.store.transition(input.delivery, {
      status: 'retrying',
      nextAttemptAt: new Date(now + plan.delayMs),
      error: reason,
    });
    // Recorded meanwhile: only producing what follows is left; wait for it, so that the offset
    // is not committed before the outcome (or DLQ message) is produced, with no job behind it.
    if (!moved) {
      await attempt;
      return;
    }
    this.metrics.handedOff.inc({ endpoint_id: input.endpoint.id, reason: 'slow' });
    await this.queue.enqueue(jobFor(input), plan.tierIndex, now + plan.dueMs, reason);
  }

  private track(attempt: Promise<unknown>, input: AttemptInput, claim: Claim): void {
    const settled = attempt.catch((error: unknown) => {
      // Its retry job (produced by handOff) sends it again once due.
      this.logger.error(
        { err: error, delivery_id: input.delivery.deliveryId, endpoint_id: input.endpoint.id },
        'background attempt failed',
      );
    });
    this.running.add(settled);
    void settled.finally(() => {
      this.running.delete(settled);
      this.claims.release(claim);
    });
  }
}
