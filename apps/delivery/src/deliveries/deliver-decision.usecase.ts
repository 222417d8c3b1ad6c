import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type ConversionDecision, type DeliveryOutcome, Topic } from '@postback/contracts';
import { EventProducer } from '@postback/kafka';
import { ROOT_LOGGER } from '@postback/observability';
import { deliveryIdFor } from './delivery-id';
import { DeliveryStore } from './delivery.store';
import { renderRequest } from './render-request';
import { type Endpoint, endpointWants } from '../endpoints/endpoint';
import { EndpointsRepository } from '../endpoints/endpoints.repository';
import { DeliveryMetrics } from '../delivery.metrics';
import { PostbackSender, isSuccess, type SendResult } from '../sending/postback-sender';

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
    private readonly sender: PostbackSender,
    private readonly producer: EventProducer,
    private readonly metrics: DeliveryMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(decision: ConversionDecision): Promise<void> {
    const wanted = (await this.endpoints.active()).filter((endpoint) => endpointWants(endpoint, decision));
    await Promise.all(wanted.map((endpoint) => this.deliver(endpoint, decision)));
  }

  private async deliver(endpoint: Endpoint, decision: ConversionDecision): Promise<void> {
    const deliveryId = deliveryIdFor(decision.decision_id, endpoint.id);
    const log = this.logger.child({
      call_id: decision.call_id,
      decision_id: decision.decision_id,
      delivery_id: deliveryId,
    });
    const delivery = await this.store.open(deliveryId, decision, endpoint.id);
    if (delivery.status !== 'pending') return; // finished before a crash or replay: never send twice

    const request = renderRequest(endpoint, decision, deliveryId);
    const result = await this.sender.send(request);
    const delivered = isSuccess(result);
    await this.store.recordAttempt(delivery, request, result, delivered ? 'delivered' : 'failed');

    this.metrics.attempts.inc({ endpoint_id: endpoint.id, outcome: outcomeLabel(result, delivered) });
    this.metrics.attemptSeconds.observe({ endpoint_id: endpoint.id }, result.durationMs / 1000);
    if (delivered) this.metrics.endToEndSeconds.observe((Date.now() - decision.received_at.getTime()) / 1000);
    log[delivered ? 'info' : 'warn'](
      {
        endpoint_id: endpoint.id,
        status: result.status,
        error: result.error,
        duration_ms: result.durationMs,
      },
      delivered ? 'postback delivered' : 'postback failed',
    );

    await this.producer.send<DeliveryOutcome>(Topic.PostbackOutcomes, [
      {
        key: decision.call_id,
        value: {
          delivery_id: deliveryId,
          endpoint_id: endpoint.id,
          decision_id: decision.decision_id,
          call_id: decision.call_id,
          outcome: delivered ? 'delivered' : 'failed',
          attempts: delivery.attempts + 1,
          status_code: result.status,
          error: result.error,
          finished_at: new Date(),
          traceparent: decision.traceparent,
        },
      },
    ]);
  }
}

function outcomeLabel(result: SendResult, delivered: boolean): 'success' | 'http_error' | 'network_error' {
  if (delivered) return 'success';
  return result.status === null ? 'network_error' : 'http_error';
}
