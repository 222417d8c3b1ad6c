import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { ROOT_LOGGER, traceIdOf } from '@postback/observability';
import { Topic } from '@postback/contracts';
import { RetryQueue, jobOf } from './retry-queue';
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
    try {
      await this.queue.enqueue(
        jobOf(delivery, Topic.PostbackDlq),
        0,
        Date.now(),
        `replayed: ${delivery.lastError ?? ''}`,
      );
    } catch (error) {
      // No job: back to failed, so that it can be retried again (should this fail too, the
      // orphan sweep gives it a job once it is past the grace).
      await this.store.restoreFailed(delivery).catch(() => undefined);
      throw error;
    }
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
