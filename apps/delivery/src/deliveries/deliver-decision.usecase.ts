import { Injectable } from '@nestjs/common';
import { type ConversionDecision, Topic } from '@postback/contracts';
import { type Config, InjectConfig } from '@postback/config';
import { type AttemptInput, jobFor } from './attempt';
import { AttemptDelivery } from './attempt-delivery.usecase';
import { DeliveryBatchStore, type DeliveryToOpen } from './delivery-batch.store';
import { deliveryIdFor } from './delivery-id';
import { FirstAttempt } from './first-attempt.usecase';
import { RepublishFinished } from './republish-finished';
import { DeliveryMetrics } from '../delivery.metrics';
import { type Endpoint, disabledFailure, endpointWants } from '../endpoints/endpoint';
import { EndpointsRepository } from '../endpoints/endpoints.repository';
import { RetryQueue } from '../retrying/retry-queue';
import { retryDelayMs } from '../retrying/retry-schedule';

interface Wanted extends DeliveryToOpen {
  endpoint: Endpoint;
}

/** A wanted delivery opened: its attempt's input, and whether this batch created it. */
interface Opened {
  input: AttemptInput;
  created: boolean;
}

/** How an opened delivery goes on: met again on a replay, to a disabled endpoint, or sent now. */
export type Route = 'resume' | 'disabled' | 'first';

export function routeOf({ delivery, endpoint }: AttemptInput): Route {
  if (delivery.status !== 'pending') return 'resume';
  return endpoint.active ? 'first' : 'disabled';
}

/** What a batch of decisions came to: its deliveries by route, and how many it created. */
export type DeliveryRound = Record<Route | 'created', number>;

/**
 * Decisions → one delivery per endpoint that wants each, set-based for a batch of decisions
 * of different calls: the endpoints read once, the deliveries opened in one statement, the
 * first attempts sent at once and settled together. The delivery row exists before the
 * request is sent and its result is stored before the offset is committed, so a replay never
 * sends a delivered postback again.
 */
@Injectable()
export class DeliverDecisionUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly store: DeliveryBatchStore,
    private readonly attempt: AttemptDelivery,
    private readonly firstAttempt: FirstAttempt,
    private readonly queue: RetryQueue,
    private readonly republish: RepublishFinished,
    private readonly metrics: DeliveryMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  /** The consumer's entry until its wiring moves to a controller, which can match on `execute`'s round. */
  async executeAll(decisions: ConversionDecision[]): Promise<void> {
    await this.execute(decisions);
  }

  async execute(decisions: ConversionDecision[]): Promise<DeliveryRound> {
    const opened = await this.open(this.wanted(await this.endpoints.list(), decisions));
    if (opened.length === 0) return { created: 0, resume: 0, disabled: 0, first: 0 };
    this.countCreated(opened);
    const routed: Record<Route, AttemptInput[]> = { resume: [], disabled: [], first: [] };
    for (const { input } of opened) routed[routeOf(input)].push(input);
    // Every attempt runs to its end before a failure of one is rethrown: a replay must not find
    // another delivery's request still in flight (and send it again).
    const settled = await Promise.allSettled([
      ...routed.resume.map((input) => this.resume(input)),
      ...routed.disabled.map((input) => this.attempt.skip(input, disabledFailure(input.endpoint))),
      this.firstAttempt.runAll(routed.first),
    ]);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return {
      created: opened.filter(({ created }) => created).length,
      resume: routed.resume.length,
      disabled: routed.disabled.length,
      first: routed.first.length,
    };
  }

  /** The wanted deliveries opened in one statement (a replay finds those that exist). */
  private async open(wanted: Wanted[]): Promise<Opened[]> {
    if (wanted.length === 0) return [];
    const opened = await this.store.openAll(wanted);
    return wanted.map(({ deliveryId, decision, endpoint }) => {
      const found = opened.get(deliveryId);
      if (!found) throw new Error(`delivery ${deliveryId} was neither created nor found`);
      const { delivery, created } = found;
      const source = Topic.Conversions;
      return {
        created,
        input: { endpoint, decision, delivery, nextTierIndex: 0, source, originalTopic: source },
      };
    });
  }

  private countCreated(opened: Opened[]): void {
    const created = new Map<string, number>();
    for (const { input, created: isNew } of opened)
      if (isNew) created.set(input.endpoint.id, (created.get(input.endpoint.id) ?? 0) + 1);
    for (const [endpointId, count] of created)
      this.metrics.deliveriesCreated.inc({ endpoint_id: endpointId }, count);
  }

  /**
   * An endpoint the breaker disabled still gets its deliveries, dead-lettered at once: enable it
   * and replay its DLQ, and they go out. One delivery per (decision, endpoint), however often
   * the decision appears in the batch.
   */
  private wanted(endpoints: Endpoint[], decisions: ConversionDecision[]): Wanted[] {
    const candidates = endpoints
      .filter((endpoint) => endpoint.active || endpoint.disabled_reason !== null)
      .map((endpoint) => ({ endpoint, asActive: { ...endpoint, active: true } }));
    const wanted = new Map<string, Wanted>();
    for (const decision of decisions) {
      for (const { endpoint, asActive } of candidates) {
        if (!endpointWants(asActive, decision)) continue;
        const deliveryId = deliveryIdFor(decision.decision_id, endpoint.id);
        if (!wanted.has(deliveryId))
          wanted.set(deliveryId, { deliveryId, decision, endpoint, endpointId: endpoint.id });
      }
    }
    return [...wanted.values()];
  }

  /** A delivery met again on a replay after a crash: finished, or waiting for its retry job. */
  private async resume(input: AttemptInput): Promise<void> {
    const { delivery } = input;
    const job = jobFor(input);
    if (delivery.status === 'delivered' || delivery.status === 'failed') {
      // Finished: never sent again. The crash may have come between recording and producing the
      // outcome (or DLQ message): produce them again.
      return this.republish.execute(delivery, job);
    }
    // Retrying and not yet due: its job was produced with the state (or, after a crash between
    // the two, the orphan sweep gives it one once it is overdue). A job now would only shadow
    // it through every tier (a replayed batch met every deferred delivery again).
    if ((delivery.nextAttemptAt?.getTime() ?? 0) > Date.now()) return;
    // Overdue: its retry job may never have been produced. Enqueue it again; a duplicate job
    // finds the attempt count moved on and is dropped.
    await this.queue.enqueue(
      job,
      0,
      Date.now() + retryDelayMs(this.config.delivery.retrySchedule[0], null, Math.random()),
      delivery.lastError ?? 'recovered after a restart',
    );
  }
}
