import { Injectable } from '@nestjs/common';
import { type ConversionDecision, Topic } from '@postback/contracts';
import { AttemptDelivery } from './attempt-delivery.usecase';
import { FirstAttempt } from './first-attempt.usecase';
import { deliveryIdFor } from './delivery-id';
import { DeliveryStore } from './delivery.store';
import { RepublishFinished } from './republish-finished';
import { DeliveryMetrics } from '../delivery.metrics';
import { type Endpoint, disabledFailure, endpointWants } from '../endpoints/endpoint';
import { EndpointsRepository } from '../endpoints/endpoints.repository';
import { RetryQueue } from '../retrying/retry-queue';
import { retryDelayMs } from '../retrying/retry-schedule';
import { type Config, InjectConfig } from '@postback/config';

/**
 * A decision → one delivery per endpoint that wants it. The delivery row exists before the
 * request is sent and its result is stored before the offset is committed, so a replay never
 * sends a delivered postback again.
 */
@Injectable()
export class DeliverDecisionUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly store: DeliveryStore,
    private readonly attempt: AttemptDelivery,
    private readonly firstAttempt: FirstAttempt,
    private readonly queue: RetryQueue,
    private readonly republish: RepublishFinished,
    private readonly metrics: DeliveryMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  async execute(decision: ConversionDecision): Promise<void> {
    // An endpoint the breaker disabled still gets its deliveries, dead-lettered at once: enable it
    // and replay its DLQ, and they go out.
    const wanted = (await this.endpoints.list()).filter(
      (endpoint) =>
        (endpoint.active || endpoint.disabled_reason !== null) &&
        endpointWants({ ...endpoint, active: true }, decision),
    );
    // Every endpoint's attempt runs to its end before a failure of one is rethrown: a replay
    // must not find another endpoint's request still in flight (and send it again).
    const settled = await Promise.allSettled(wanted.map((endpoint) => this.deliver(endpoint, decision)));
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async deliver(endpoint: Endpoint, decision: ConversionDecision): Promise<void> {
    const { delivery, created } = await this.store.open(
      deliveryIdFor(decision.decision_id, endpoint.id),
      decision,
      endpoint.id,
    );
    if (created) this.metrics.deliveriesCreated.inc({ endpoint_id: endpoint.id });
    const job = {
      deliveryId: delivery.deliveryId,
      endpointId: endpoint.id,
      decisionId: decision.decision_id,
      callId: decision.call_id,
      attempts: delivery.attempts,
      traceparent: decision.traceparent,
      originalTopic: Topic.Conversions,
    };
    if (delivery.status === 'delivered' || delivery.status === 'failed') {
      // Finished: never sent again. Seen again only when replayed after a crash, which may have
      // come between recording and producing the outcome (or DLQ message): produce them again.
      return this.republish.execute(delivery, job);
    }
    if (delivery.status === 'retrying') {
      // Replayed after a crash between recording a failure and committing: its retry job may
      // not have been produced. Enqueue it again; a duplicate job finds the attempt count moved
      // on and is dropped.
      await this.queue.enqueue(
        job,
        0,
        Date.now() + retryDelayMs(this.config.delivery.retrySchedule[0], null, Math.random()),
        delivery.lastError ?? 'recovered after a restart',
      );
      return;
    }
    const input = {
      endpoint,
      decision,
      delivery,
      nextTierIndex: 0,
      source: Topic.Conversions,
      originalTopic: Topic.Conversions,
    };
    if (!endpoint.active) return this.attempt.skip(input, disabledFailure(endpoint));
    await this.firstAttempt.run(input);
  }
}
