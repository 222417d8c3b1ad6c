import { Injectable } from '@nestjs/common';
import { type DeliveryJob, Topic, retryTopic } from '@postback/contracts';
import { EventProducer } from '@postback/kafka';
import { type Config, InjectConfig } from '@postback/config';
import { RetryHeader } from './retry-headers';
import { type DeliveryEntity } from '../deliveries/delivery.entity';
import { type Target } from '../endpoints/choose-target';
import { DeliveryMetrics } from '../delivery.metrics';

/** What a retry or dead-letter message is about. */
export interface JobContext {
  deliveryId: string;
  endpointId: string;
  decisionId: string;
  callId: string;
  /** Attempts already made (and recorded). */
  attempts: number;
  traceparent: string | null;
  /** Where the delivery first came from (conversions.v1, or the first retry topic). */
  originalTopic: string;
  /** Which URL the attempt that finished the delivery went to (for its outcome). */
  target?: Target;
}

/** The job of a stored delivery, at the attempt count it has now. */
export function jobOf(delivery: DeliveryEntity, originalTopic: string): JobContext {
  return {
    deliveryId: delivery.deliveryId,
    endpointId: delivery.endpointId,
    decisionId: delivery.decisionId,
    callId: delivery.callId,
    attempts: delivery.attempts,
    traceparent: delivery.decision?.traceparent ?? null,
    originalTopic,
  };
}

/** Produces DeliveryJobs to the retry tiers and the DLQ, with the retry headers. Keyed by call id. */
@Injectable()
export class RetryQueue {
  constructor(
    private readonly producer: EventProducer,
    private readonly metrics: DeliveryMetrics,
    @InjectConfig() private readonly config: Config,
  ) {}

  /** A job for step `tierIndex` of the schedule, on that delay's topic. */
  async enqueue(job: JobContext, tierIndex: number, dueAt: number, error: string): Promise<void> {
    const tier = this.config.delivery.retrySchedule[tierIndex];
    await this.producer.send<DeliveryJob>(retryTopic(tier), [
      {
        key: job.callId,
        value: this.value(job, error),
        headers: {
          ...this.headers(job, error),
          [RetryHeader.DueAt]: String(dueAt),
          [RetryHeader.Tier]: tier,
          [RetryHeader.TierIndex]: String(tierIndex),
        },
      },
    ]);
    this.metrics.retriesEnqueued.inc({ tier });
  }

  async deadLetter(job: JobContext, reason: string): Promise<void> {
    await this.producer.send<DeliveryJob>(Topic.PostbackDlq, [
      {
        key: job.callId,
        value: this.value(job, reason),
        headers: { ...this.headers(job, reason), [RetryHeader.DlqReason]: reason },
      },
    ]);
    this.metrics.deadLettered.inc({ endpoint_id: job.endpointId });
  }

  private value(job: JobContext, error: string): DeliveryJob {
    return {
      delivery_id: job.deliveryId,
      endpoint_id: job.endpointId,
      decision_id: job.decisionId,
      call_id: job.callId,
      attempt: job.attempts,
      last_error: error,
      enqueued_at: new Date(),
    };
  }

  private headers(job: JobContext, error: string): Record<string, string> {
    const headers: Record<string, string> = {
      [RetryHeader.Attempt]: String(job.attempts),
      [RetryHeader.OriginalTopic]: job.originalTopic,
      [RetryHeader.Error]: error.slice(0, 500),
      [RetryHeader.IdempotencyKey]: job.deliveryId,
    };
    if (job.traceparent) headers[RetryHeader.Traceparent] = job.traceparent;
    return headers;
  }
}
