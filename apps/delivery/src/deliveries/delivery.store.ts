import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ConversionDecision } from '@postback/contracts';
import { redactUrl } from '@postback/observability';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, type DeliveryStatus } from './delivery.entity';
import { type OutboundRequest } from './render-request';
import { type SendResult } from '../sending/postback-sender';

@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The delivery for (decision, endpoint), created pending if new; a replay finds the existing one. */
  async open(deliveryId: string, decision: ConversionDecision, endpointId: string): Promise<DeliveryEntity> {
    const deliveries = this.dataSource.getRepository(DeliveryEntity);
    await deliveries
      .createQueryBuilder()
      .insert()
      .values({
        deliveryId,
        decisionId: decision.decision_id,
        endpointId,
        callId: decision.call_id,
        status: 'pending',
        attempts: 0,
      })
      .orIgnore()
      .execute();
    return deliveries.findOneByOrFail({ deliveryId });
  }

  /** Records one attempt and the delivery's new status in one transaction. */
  async recordAttempt(
    delivery: DeliveryEntity,
    request: OutboundRequest,
    result: SendResult,
    status: DeliveryStatus,
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const attemptNo = delivery.attempts + 1;
      await tx.getRepository(DeliveryAttemptEntity).insert({
        deliveryId: delivery.deliveryId,
        attemptNo,
        method: request.method,
        url: redactUrl(request.url),
        statusCode: result.status,
        responseBody: result.body,
        error: result.error,
        durationMs: result.durationMs,
      });
      await tx.getRepository(DeliveryEntity).update(
        { deliveryId: delivery.deliveryId },
        {
          status,
          attempts: attemptNo,
          lastStatusCode: result.status,
          lastError: result.error,
          deliveredAt: status === 'delivered' ? new Date() : null,
        },
      );
    });
  }
}
