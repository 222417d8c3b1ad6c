import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type ConversionDecision } from '@postback/contracts';
import { ROOT_LOGGER } from '@postback/observability';
import { type Config, InjectConfig } from '@postback/config';
import {
  type AttemptInput,
  type AttemptOutcome,
  type Sent,
  type SentAttempt,
  jobFor,
  logFields,
  recordRetryable,
} from './attempt';
import { AttemptClaims } from './attempt-claims';
import { type DeliveryEntity } from './delivery.entity';
import { type AttemptRecord, DeliveryStore, type NextState } from './delivery.store';
import { OutcomePublisher } from './outcome-publisher';
import { type OutboundRequest, renderRequest } from './render-request';
import { retryUntil } from './retry-until';
import { ShutdownSignal } from './shutdown-signal';
import { CircuitGuard } from '../circuit/circuit.guard';
import { DeliveryMetrics } from '../delivery.metrics';
import { chooseTarget, endpointFor } from '../endpoints/choose-target';
import { type Endpoint } from '../endpoints/endpoint';
import { type FailureClass, classifyFailure } from '../retrying/failure-class';
import { type RetryPlan, planAfterFailure } from '../retrying/retry-plan';
import { type JobContext, RetryQueue } from '../retrying/retry-queue';
import { deferredUntil } from '../retrying/retry-schedule';
import { applyAuth, redactHeaders } from '../signing/apply-auth';
import { EndpointLimiter } from '../sending/endpoint-limiter';
import { PostbackSender, type SendResult, failureText, isSuccess } from '../sending/postback-sender';

/**
 * One attempt of one delivery, and everything that follows from it: recorded in PostgreSQL
 * first, then the retry job, DLQ message or outcome produced — all before the caller commits
 * its offset. An open circuit defers the request on the retry path (or sends it to the backup).
 */
@Injectable()
export class AttemptDelivery {
  /** For the line per delivered postback: ids and numbers only, so no redaction (as ingest, rules). */
  private readonly deliveredLog: Logger;

  constructor(
    private readonly store: DeliveryStore,
    private readonly sender: PostbackSender,
    private readonly limiter: EndpointLimiter,
    private readonly queue: RetryQueue,
    private readonly outcomes: OutcomePublisher,
    private readonly circuit: CircuitGuard,
    @InjectConfig() private readonly config: Config,
    private readonly metrics: DeliveryMetrics,
    private readonly shutdown: ShutdownSignal,
    private readonly claims: AttemptClaims,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.deliveredLog = logger.child({}, { redact: [] });
  }

  /** One attempt, sent and settled: what it came to. */
  async run(input: AttemptInput): Promise<AttemptOutcome> {
    return this.settle(input, await this.send(input));
  }

  /** Everything after `send` for one attempt: recorded, then its outcome or retry path produced. */
  async settle(input: AttemptInput, sent: Sent): Promise<AttemptOutcome> {
    if (sent.kind !== 'sent') return this.notSent(input, sent);
    const recorded = await this.record(input.delivery, sent.record, sent.next, () => this.log(input));
    const outcome = await this.after(input, sent, recorded);
    if (outcome.kind === 'delivered')
      await this.outcomes.publish(outcome.job, 'delivered', outcome.statusCode, null);
    return outcome;
  }

  /**
   * The attempt itself: render, send (within the endpoint's limits), classify the answer and
   * plan what follows — nothing recorded yet. An open circuit with no backup is `deferred`, an
   * unrenderable request `skipped` (nothing sent; `notSent` takes them on).
   */
  async send(input: AttemptInput): Promise<Sent> {
    const { endpoint, decision, delivery } = input;
    const target = chooseTarget(endpoint, delivery.attempts, this.circuit.isOpen(endpoint.id));
    if (target === 'wait')
      return { kind: 'deferred', reason: 'circuit open', until: this.circuit.reopensAt(endpoint.id) };
    let request: OutboundRequest;
    try {
      request = applyAuth(
        renderRequest(endpointFor(endpoint, target), decision, delivery.deliveryId),
        endpoint.auth,
        Math.floor(Date.now() / 1000),
      );
    } catch (error) {
      const reason = `cannot render the request: ${(error as Error).message}`;
      return { kind: 'skipped', failure: { kind: 'permanent', code: 'unrenderable', reason } };
    }
    const result = await this.limiter.run(
      endpoint,
      async () => {
        this.metrics.inFlight.inc({ endpoint_id: endpoint.id });
        return this.sender
          .send(request)
          .finally(() => this.metrics.inFlight.dec({ endpoint_id: endpoint.id }));
      },
      input.reservation,
    );
    const failure = isSuccess(result, endpoint.success) ? null : classifyFailure(result);
    const record = {
      request: { ...request, headers: redactHeaders(request.headers, endpoint.auth) },
      result,
      errorClass: failure ? `${failure.kind}: ${failure.reason}` : null,
      source: input.source,
      target,
    };
    const sent = { kind: 'sent' as const, target, record, result };
    if (!failure) return { ...sent, failure, plan: null, next: { status: 'delivered' } };
    const plan = this.plan(failure, input);
    return { ...sent, failure, plan, next: this.nextState(plan, failure.reason) };
  }

  /**
   * What follows a sent attempt once its recording was tried (`recorded` false: another handler
   * of the same delivery recorded first, so nothing is enqueued): metrics, the circuit, the
   * log line, and the retry path of a failure. A delivered attempt's outcome is the caller's to
   * produce (the batch path produces a batch's outcomes in one call).
   */
  async after(input: AttemptInput, sent: SentAttempt, recorded: boolean): Promise<AttemptOutcome> {
    const { endpoint, decision } = input;
    const { result, failure, plan, target } = sent;
    this.observe(endpoint, decision, result, failure === null);
    if (!recorded) {
      this.log(input).warn('attempt raced with another handler of the same delivery; nothing enqueued');
      return { kind: 'superseded' };
    }
    const job = { ...jobFor(input), attempts: input.delivery.attempts + 1, target };
    const detail = { status: result.status, duration_ms: result.durationMs, attempt: job.attempts, target };
    // The circuit judges the primary: the backup answering says nothing of it.
    if (!failure || !plan) {
      // No child logger per attempt: the one line carries the delivery's ids itself.
      this.deliveredLog.info({ ...logFields(input), ...detail }, 'postback delivered');
      if (target === 'primary') this.circuit.onSuccess(endpoint.id);
      return { kind: 'delivered', job, statusCode: result.status };
    }
    const log = this.log(input);
    log.warn({ ...detail, error: failureText(result.failure), next: plan.kind }, 'postback failed');
    if (failure.kind === 'retryable' && target === 'primary')
      await this.circuit.onFailure(endpoint, failure.reason, log);
    return this.follow(plan, job, log, result.status, failure.reason);
  }

  /** An attempt that sent nothing: deferred (no retry used up) or skipped (a failure). */
  notSent(input: AttemptInput, sent: Exclude<Sent, SentAttempt>): Promise<AttemptOutcome> {
    return sent.kind === 'deferred'
      ? this.defer(input, sent.reason, sent.until)
      : this.fail(input, sent.failure);
  }

  /** The failure path without a request (unrenderable, endpoint disabled). */
  async fail(input: AttemptInput, failure: FailureClass): Promise<AttemptOutcome> {
    const plan = this.plan(failure, input);
    if (!(await this.store.transition(input.delivery, this.nextState(plan, failure.reason))))
      return { kind: 'superseded' };
    return this.follow(plan, jobFor(input), this.log(input), null, failure.reason);
  }

  /**
   * `fail` without a request, for a disabled endpoint (the retry tier's handler, a batch's
   * disabled route): never beside an attempt of the delivery under way here, which would be
   * recorded as superseded after the receiver took it — that attempt decides instead.
   */
  async skip(input: AttemptInput, failure: FailureClass): Promise<void> {
    const claim = this.claims.claim(input.delivery.deliveryId, input.delivery.attempts);
    if (!claim) return;
    try {
      await this.fail(input, failure);
    } finally {
      this.claims.release(claim);
    }
  }

  /**
   * Nothing is sent for a reason that is not this delivery's failure (the endpoint's circuit is
   * open, or it is at its limit), and no retry is used up: the job waits on the tier it came
   * from (the first tier, from conversions.v1) until `until` (the circuit closes) or for that
   * tier's delay — never longer, or it would hold up the jobs behind it — and is tried again.
   */
  async defer(input: AttemptInput, reason: string, until?: number): Promise<AttemptOutcome> {
    const tierIndex = Math.max(0, input.nextTierIndex - 1);
    const dueAt = deferredUntil(this.config.delivery.retrySchedule[tierIndex], Date.now(), until);
    const next = { status: 'retrying' as const, nextAttemptAt: new Date(dueAt), error: reason };
    if (!(await this.store.transition(input.delivery, next))) return { kind: 'superseded' };
    await this.queue.enqueue(jobFor(input), tierIndex, dueAt, reason);
    return { kind: 'deferred', dueAt, reason };
  }

  /**
   * The request went out: record it, waiting out a database that is away (the handler keeps
   * heartbeating) rather than failing the message, which would be replayed and sent again. Only
   * shutdown gives up (the message stays uncommitted: sent again after the restart, same
   * webhook-id). A try whose commit answer was lost shows as the attempt count moved on by one.
   * Once recorded, the delivery stands past the count read (AttemptClaims remembers it).
   */
  private async record(
    delivery: DeliveryEntity,
    attempt: AttemptRecord,
    next: NextState,
    log: () => Logger,
  ): Promise<boolean> {
    const recorded = await retryUntil(
      async (tries) => {
        if (await this.store.recordAttempt(delivery, attempt, next)) return true;
        if (tries === 1) return false;
        return (await this.store.get(delivery.deliveryId))?.attempts === delivery.attempts + 1;
      },
      {
        initialMs: 200,
        maxMs: 5000,
        signal: this.shutdown.signal,
        retryable: recordRetryable,
        onError: (error) => log().warn({ err: error.message }, 'recording the attempt failed; trying again'),
      },
    );
    if (recorded) this.claims.recordedAt(delivery.deliveryId, delivery.attempts + 1);
    return recorded;
  }

  /** For the failure paths, which log several lines (and pass the logger on to the circuit). */
  private log(input: AttemptInput): Logger {
    return this.logger.child(logFields(input));
  }

  private plan(failure: FailureClass, input: AttemptInput): RetryPlan {
    return planAfterFailure(failure, input.nextTierIndex, this.config.delivery.retrySchedule, Math.random());
  }

  private nextState(plan: RetryPlan, error: string) {
    return plan.kind === 'retry'
      ? { status: 'retrying' as const, nextAttemptAt: new Date(Date.now() + plan.delayMs), error }
      : { status: 'failed' as const, error: plan.reason };
  }

  private async follow(
    plan: RetryPlan,
    job: JobContext,
    log: Logger,
    statusCode: number | null,
    error: string,
  ): Promise<AttemptOutcome> {
    if (plan.kind === 'retry') {
      const dueAt = Date.now() + plan.delayMs;
      await this.queue.enqueue(job, plan.tierIndex, dueAt, error);
      log.info({ tier: plan.tier, delay_ms: plan.delayMs, attempt: job.attempts, error }, 'retry scheduled');
      return { kind: 'retrying', tier: plan.tier, dueAt, reason: error };
    }
    log.warn({ reason: plan.reason }, 'postback dead-lettered');
    await this.queue.deadLetter(job, plan.reason);
    await this.outcomes.publish(job, 'failed', statusCode, plan.reason);
    return { kind: 'dead', reason: plan.reason };
  }

  private observe(
    endpoint: Endpoint,
    decision: ConversionDecision,
    result: SendResult,
    delivered: boolean,
  ): void {
    const outcome = delivered ? 'success' : result.status === null ? 'network_error' : 'http_error';
    this.metrics.attempts.inc({ endpoint_id: endpoint.id, outcome });
    this.metrics.attemptSeconds.observe({ endpoint_id: endpoint.id }, result.durationMs / 1000);
    if (delivered) this.metrics.endToEndSeconds.observe((Date.now() - decision.received_at.getTime()) / 1000);
  }
}
