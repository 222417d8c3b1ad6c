import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { attemptRow } from './attempt-row';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, type DeliveryStatus } from './delivery.entity';
import { type OutboundRequest } from './render-request';
import { type SendResult, failureText } from '../sending/postback-sender';
import { type Target } from '../endpoints/choose-target';

/** One attempt as it is recorded: the request with secrets already redacted by the caller. */
export interface AttemptRecord {
  request: OutboundRequest;
  result: SendResult;
  errorClass: string | null;
  source: string;
  /** Which URL it went to (primary by default). */
  target?: Target;
}

export interface NextState {
  status: DeliveryStatus;
  nextAttemptAt?: Date | null;
  error?: string | null;
}

@Injectable()
export class DeliveryStore {
  constructor(private readonly dataSource: DataSource) {}

  get(deliveryId: string): Promise<DeliveryEntity | null> {
    return this.dataSource.getRepository(DeliveryEntity).findOneBy({ deliveryId });
  }

  /**
   * Records one attempt and the delivery's next state in one transaction, guarded by the attempt
   * count the caller saw: a concurrent or stale handler of the same delivery records nothing
   * and gets false (and must not enqueue anything).
   */
  async recordAttempt(delivery: DeliveryEntity, attempt: AttemptRecord, next: NextState): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const attemptNo = delivery.attempts + 1;
      const updated = await tx.getRepository(DeliveryEntity).update(
        { deliveryId: delivery.deliveryId, attempts: delivery.attempts, status: In(['pending', 'retrying']) },
        {
          status: next.status,
          attempts: attemptNo,
          lastStatusCode: attempt.result.status,
          lastError: next.error ?? failureText(attempt.result.failure),
          deliveredAt: next.status === 'delivered' ? new Date() : null,
          failedAt: next.status === 'failed' ? new Date() : null,
          nextAttemptAt: next.nextAttemptAt ?? null,
        },
      );
      if (updated.affected !== 1) return false;
      await tx
        .getRepository(DeliveryAttemptEntity)
        .insert(attemptRow(delivery.deliveryId, attemptNo, attempt));
      return true;
    });
  }

  /** A state change without an attempt (circuit open, render failure): same guard as recordAttempt. */
  async transition(delivery: DeliveryEntity, next: NextState): Promise<boolean> {
    const updated = await this.dataSource.getRepository(DeliveryEntity).update(
      { deliveryId: delivery.deliveryId, attempts: delivery.attempts, status: In(['pending', 'retrying']) },
      {
        status: next.status,
        lastError: next.error ?? delivery.lastError,
        failedAt: next.status === 'failed' ? new Date() : null,
        nextAttemptAt: next.nextAttemptAt ?? null,
      },
    );
    return updated.affected === 1;
  }

  /** Undoes reopen() when its retry job could not be produced: failed again, so it can be retried again. */
  async restoreFailed(delivery: DeliveryEntity): Promise<void> {
    await this.dataSource
      .getRepository(DeliveryEntity)
      .update(
        { deliveryId: delivery.deliveryId, status: 'retrying', attempts: delivery.attempts },
        { status: 'failed', failedAt: new Date(), nextAttemptAt: null },
      );
  }

  /** A failed delivery back into the retry path (manual retry, DLQ replay); null when it is not failed. */
  async reopen(deliveryId: string): Promise<DeliveryEntity | null> {
    const updated = await this.dataSource
      .getRepository(DeliveryEntity)
      .update(
        { deliveryId, status: 'failed' },
        { status: 'retrying', failedAt: null, nextAttemptAt: new Date() },
      );
    return updated.affected === 1 ? this.get(deliveryId) : null;
  }
}
