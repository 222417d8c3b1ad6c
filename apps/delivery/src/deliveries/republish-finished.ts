import { Injectable } from '@nestjs/common';
import { type DeliveryEntity } from './delivery.entity';
import { OutcomePublisher } from './outcome-publisher';
import { type JobContext, RetryQueue } from '../retrying/retry-queue';

/**
 * A finished delivery met again by a job that was redelivered after a crash or a Kafka error
 * between recording its end and producing what follows: produce its outcome (and, if it failed,
 * its DLQ message) again. Both are keyed by the delivery id, so a duplicate is recognisable.
 */
@Injectable()
export class RepublishFinished {
  constructor(
    private readonly queue: RetryQueue,
    private readonly outcomes: OutcomePublisher,
  ) {}

  async execute(delivery: DeliveryEntity, job: JobContext): Promise<void> {
    if (delivery.status === 'delivered') {
      await this.outcomes.publish(job, 'delivered', delivery.lastStatusCode, null);
      return;
    }
    const reason = delivery.lastError ?? 'failed';
    await this.queue.deadLetter(job, reason);
    await this.outcomes.publish(job, 'failed', delivery.lastStatusCode, reason);
  }
}
