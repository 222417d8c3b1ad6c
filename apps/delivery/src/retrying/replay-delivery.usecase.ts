import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { Topic } from '@postback/contracts';
import { RetryQueue } from './retry-queue';
import { DeliveryStore } from '../deliveries/delivery.store';

/**
 * Sends a failed (dead-lettered) delivery round again: it becomes `retrying` and a job due now
 * goes to the first tier, from where the schedule starts over. A delivered one is never reopened.
 */
@Injectable()
export class ReplayDelivery {
  constructor(
    private readonly store: DeliveryStore,
    private readonly queue: RetryQueue,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  /** false when the delivery is not in the DLQ (delivered, or already on its way). */
  async execute(deliveryId: string): Promise<boolean> {
    const delivery = await this.store.reopen(deliveryId);
    if (!delivery) return false;
    await this.queue.enqueue(
      {
        deliveryId,
        endpointId: delivery.endpointId,
        decisionId: delivery.decisionId,
        callId: delivery.callId,
        attempts: delivery.attempts,
        traceparent: delivery.decision?.traceparent ?? null,
        originalTopic: Topic.PostbackDlq,
      },
      0,
      Date.now(),
      `replayed: ${delivery.lastError ?? ''}`,
    );
    this.logger.info(
      {
        call_id: delivery.callId,
        event_id: delivery.decision?.event_id,
        delivery_id: deliveryId,
        endpoint_id: delivery.endpointId,
        trace_id: traceIdOf(delivery.decision?.traceparent),
      },
      'dead-lettered delivery replayed',
    );
    return true;
  }
}
