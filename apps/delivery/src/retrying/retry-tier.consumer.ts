import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { type Logger } from 'pino';
import { type Config, InjectConfig } from '@postback/config';
import { type DeliveryJob, retryTopic } from '@postback/contracts';
import { AvroSerde, type ConsumedEvent, DueTimeConsumer } from '@postback/kafka';
import { ROOT_LOGGER } from '@postback/observability';
import { RetryHeader, dueAtOf } from './retry-headers';
import { RetryQueue } from './retry-queue';
import { tierDelayMs } from './retry-schedule';
import { isHandOff } from '../deliveries/hand-off-plan';
import { AttemptDelivery } from '../deliveries/attempt-delivery.usecase';
import { decisionFromStored } from '../deliveries/delivery.entity';
import { DeliveryStore } from '../deliveries/delivery.store';
import { EndpointsRepository } from '../endpoints/endpoints.repository';

export const RETRY_CONSUMER_GROUP = 'postback-delivery-retry';

/**
 * Consumes every retry tier: a job is attempted once due (the partition is paused until then),
 * and only if the delivery is still waiting with the attempt count the job was made with —
 * so a stale or duplicate job, or one whose delivery already succeeded, sends nothing.
 */
@Injectable()
export class RetryTierConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer?: DueTimeConsumer<DeliveryJob>;

  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly kafka: Kafka,
    private readonly serde: AvroSerde,
    private readonly store: DeliveryStore,
    private readonly endpoints: EndpointsRepository,
    private readonly attempt: AttemptDelivery,
    private readonly queue: RetryQueue,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topics = this.config.delivery.retrySchedule.map(retryTopic);
    this.consumer = new DueTimeConsumer<DeliveryJob>(this.kafka, this.serde, this.logger, {
      groupId: RETRY_CONSUMER_GROUP,
      topics,
      dueAt: dueAtOf,
      handle: (event) => this.handle(event, topics.indexOf(event.topic)),
    });
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  private async handle(
    { value: job, headers, topic }: ConsumedEvent<DeliveryJob>,
    tierIndex: number,
  ): Promise<void> {
    const delivery = await this.store.get(job.delivery_id);
    const schedule = this.config.delivery.retrySchedule;
    if (
      delivery?.status === 'retrying' &&
      delivery.attempts === job.attempt + 1 &&
      tierIndex + 1 < schedule.length
    ) {
      // Redelivered after a crash between recording this job's attempt and producing the next
      // job: produce it (again). Should both exist, the second finds the count moved on.
      await this.queue.enqueue(
        {
          deliveryId: delivery.deliveryId,
          endpointId: delivery.endpointId,
          decisionId: delivery.decisionId,
          callId: delivery.callId,
          attempts: delivery.attempts,
          traceparent: delivery.decision?.traceparent ?? null,
          originalTopic: headers[RetryHeader.OriginalTopic] ?? topic,
        },
        schedule[tierIndex + 1],
        // A hand-off job meets this state in normal operation (the background first attempt
        // failed and produced its own job, due at nextAttemptAt): due one tier later, so that
        // job runs first and this one finds the count moved on, unless that job was lost.
        (delivery.nextAttemptAt?.getTime() ?? Date.now()) +
          (isHandOff(headers) ? tierDelayMs(schedule[tierIndex + 1]) : 0),
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
      originalTopic: headers[RetryHeader.OriginalTopic] ?? topic,
    };
    if (!endpoint.active) {
      const reason = `endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`;
      return this.attempt.skip(input, { kind: 'permanent', reason });
    }
    await this.attempt.run(input);
  }
}
