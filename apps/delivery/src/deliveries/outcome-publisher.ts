import { Injectable } from '@nestjs/common';
import { type DeliveryOutcome, Topic } from '@postback/contracts';
import { EventProducer } from '@postback/kafka';
import { FollowedUpHere } from './followed-up-here';
import { type JobContext } from '../retrying/retry-queue';

export interface OutcomeToPublish {
  job: JobContext;
  outcome: DeliveryOutcome['outcome'];
  statusCode: number | null;
  error: string | null;
}

/**
 * One DeliveryOutcome on postbacks.outcomes.v1 per finished delivery (delivered, or failed into
 * the DLQ: produced after its DLQ message), noted as followed up once Kafka acknowledged it.
 */
@Injectable()
export class OutcomePublisher {
  constructor(
    private readonly producer: EventProducer,
    private readonly followedUp: FollowedUpHere,
  ) {}

  publish(
    job: JobContext,
    outcome: DeliveryOutcome['outcome'],
    statusCode: number | null,
    error: string | null,
  ): Promise<void> {
    return this.publishAll([{ job, outcome, statusCode, error }]);
  }

  /** Several deliveries' outcomes in one produce call. */
  async publishAll(outcomes: OutcomeToPublish[]): Promise<void> {
    const finishedAt = new Date();
    await this.producer.send<DeliveryOutcome>(
      Topic.PostbackOutcomes,
      outcomes.map(({ job, outcome, statusCode, error }) => ({
        key: job.callId,
        value: {
          delivery_id: job.deliveryId,
          endpoint_id: job.endpointId,
          decision_id: job.decisionId,
          call_id: job.callId,
          outcome,
          attempts: job.attempts,
          status_code: statusCode,
          error,
          finished_at: finishedAt,
          traceparent: job.traceparent,
          target: job.target ?? null,
        },
        headers: job.traceparent ? { traceparent: job.traceparent } : {},
      })),
    );
    for (const { job } of outcomes) this.followedUp.produced(job.deliveryId, job.attempts);
  }
}
