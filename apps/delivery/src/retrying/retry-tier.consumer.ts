import { Inject } from '@nestjs/common';
import { Ctx, EventPattern } from '@nestjs/microservices';
import { type Logger } from 'pino';
import { type Config, InjectConfig } from '@postback/config';
import { type DeliveryJob } from '@postback/contracts';
import { type ConsumedEvent, KafkaController, KafkaEventContext, consume } from '@postback/kafka';
import { ROOT_LOGGER } from '@postback/observability';
import { RetryHeader, dueAtOf } from './retry-headers';
import { RetryQueue, jobOf } from './retry-queue';
import { RETRY_TIER_TOPICS, tierIndexOf } from './retry-tiers';
import { tierDelayMs } from './retry-schedule';
import { HAND_OFF_REASON, handOffDueAt, isHandOff } from '../deliveries/hand-off-plan';
import { AttemptDelivery } from '../deliveries/attempt-delivery.usecase';
import { FirstAttempt } from '../deliveries/first-attempt.usecase';
import { FollowedUpHere } from '../deliveries/followed-up-here';
import { RepublishFinished } from '../deliveries/republish-finished';
import { decisionFromStored } from '../deliveries/delivery.entity';
import { DeliveryStore } from '../deliveries/delivery.store';
import { disabledFailure } from '../endpoints/endpoint';
import { EndpointsRepository } from '../endpoints/endpoints.repository';

export const RETRY_CONSUMER_GROUP = 'postback-delivery-retry';

/**
 * Consumes every retry tier: a job is attempted once due (the partition is paused until then),
 * and only if the delivery is still waiting with the attempt count the job was made with —
 * so a stale or duplicate job, or one whose delivery already succeeded, sends nothing. The
 * attempt is time-boxed as a first attempt is (FirstAttempt): a slow receiver goes on in the
 * background and never holds the jobs of other endpoints behind it.
 */
@KafkaController()
export class RetryTierConsumer {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly store: DeliveryStore,
    private readonly endpoints: EndpointsRepository,
    private readonly attempt: AttemptDelivery,
    private readonly timeBoxed: FirstAttempt,
    private readonly queue: RetryQueue,
    private readonly republish: RepublishFinished,
    private readonly followedUp: FollowedUpHere,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(
    RETRY_TIER_TOPICS,
    consume({
      group: RETRY_CONSUMER_GROUP,
      dueAt: dueAtOf,
      // One delivery's jobs one after another; other deliveries (of the same call too) at once.
      laneOf: (headers, key) => headers[RetryHeader.IdempotencyKey] ?? key,
    }),
  )
  handle(@Ctx() context: KafkaEventContext): Promise<void> {
    const event = context.getEvent<DeliveryJob>();
    return this.handleJob(event, tierIndexOf(event.headers, event.topic, this.config.delivery.retrySchedule));
  }

  private async handleJob(
    { value: job, headers, topic }: ConsumedEvent<DeliveryJob>,
    tierIndex: number,
  ): Promise<void> {
    const delivery = await this.store.get(job.delivery_id);
    const schedule = this.config.delivery.retrySchedule;
    const originalTopic = headers[RetryHeader.OriginalTopic] ?? topic;
    if (isHandOff(headers) && delivery?.status === 'retrying' && delivery.attempts === job.attempt + 1) {
      // The background attempt this job stood behind was recorded as a failure, and went on as
      // usual (its retry job): nothing to do. Had the process died between recording and
      // producing it, the orphan sweep gives the delivery a job. A finished delivery goes on
      // below: its outcome (or DLQ message) may never have been produced.
      this.logger.debug({ delivery_id: job.delivery_id }, 'hand-off job behind a recorded attempt dropped');
      return;
    }
    // The count of the attempt of this delivery under way in this process, if any.
    const underWayAt = delivery ? this.timeBoxed.inFlightAt(delivery.deliveryId) : null;
    if (
      delivery?.status === 'retrying' &&
      delivery.attempts === job.attempt &&
      !isHandOff(headers) &&
      underWayAt === job.attempt
    ) {
      // A second job of the count an attempt under way here holds (produced again after a
      // failed produce, or replayed): that attempt records and produces what follows, and its
      // own message (uncommitted until then) or hand-off job covers a crash. Put back, this job
      // would find the delivery finished and produce its outcome or DLQ message a second time.
      this.logger.debug(
        { delivery_id: job.delivery_id },
        'duplicate job beside the attempt under way dropped',
      );
      return;
    }
    if (
      delivery?.status === 'retrying' &&
      delivery.attempts === job.attempt &&
      (underWayAt !== null ||
        ((isHandOff(headers) || delivery.lastError === HAND_OFF_REASON) &&
          (delivery.nextAttemptAt?.getTime() ?? 0) > Date.now()))
    ) {
      // An attempt of this delivery may still be in flight (here, or in a replica until its
      // deadline), whether this is its hand-off job or another job of the same count (a replayed
      // batch wrote one): put the job back on its tier, due at the deadline or after the tier's
      // delay. Sent now, it would go out beside the request in flight.
      const deadline = underWayAt !== null ? Infinity : (delivery.nextAttemptAt?.getTime() ?? 0);
      const dueAt = handOffDueAt(deadline, schedule[tierIndex], Date.now());
      return this.queue.enqueue(jobOf(delivery, originalTopic), tierIndex, dueAt, HAND_OFF_REASON);
    }
    if (
      (delivery?.status === 'delivered' || delivery?.status === 'failed') &&
      (delivery.attempts === job.attempt + 1 || delivery.attempts === job.attempt)
    ) {
      // This job's attempt (or skip) finished the delivery; redelivered, so what follows may
      // never have been produced — unless this process produced it (a hand-off job coming due
      // after its attempt finished the delivery here): then a second outcome or DLQ message.
      if (this.followedUp.has(delivery.deliveryId, delivery.attempts)) {
        this.logger.debug(
          { delivery_id: job.delivery_id },
          'job of a delivery finished and followed up here dropped',
        );
        return;
      }
      return this.republish.execute(delivery, jobOf(delivery, originalTopic));
    }
    if (
      delivery?.status === 'retrying' &&
      delivery.attempts === job.attempt + 1 &&
      tierIndex + 1 < schedule.length
    ) {
      // Redelivered after a crash between recording this job's attempt and producing the next
      // job: produce it (again), due one tier after the job that attempt produced, so that
      // the job (if it exists) runs and records first and this one finds the count moved on,
      // never both at once.
      await this.queue.enqueue(
        jobOf(delivery, originalTopic),
        tierIndex + 1,
        (delivery.nextAttemptAt?.getTime() ?? Date.now()) + tierDelayMs(schedule[tierIndex + 1]),
        delivery.lastError ?? 'recovered after a restart',
      );
      return;
    }
    if (!delivery?.decision || delivery.status !== 'retrying' || delivery.attempts !== job.attempt) {
      this.logger.debug({ delivery_id: job.delivery_id, attempt: job.attempt }, 'stale retry job dropped');
      return;
    }
    const decision = decisionFromStored(delivery.decision);
    const endpoint = await this.endpoints.get(delivery.endpointId);
    if (!endpoint) {
      this.logger.error({ delivery_id: job.delivery_id }, 'retry job for an unknown endpoint dropped');
      return;
    }
    const input = {
      endpoint,
      decision,
      delivery,
      nextTierIndex: tierIndex + 1,
      source: topic,
      originalTopic,
    };
    if (!endpoint.active) return this.attempt.skip(input, disabledFailure(endpoint));
    await this.timeBoxed.run(input);
  }
}
