import { type Config } from '@postback/config';
import { Topic } from '@postback/contracts';
import { type ConsumedTopics } from '@postback/kafka';
import { DELIVERY_CONSUMER_GROUP } from './deliveries/conversion.consumer';
import { RETRY_CONSUMER_GROUP } from './retrying/retry-tier.consumer';
import { retryTopics } from './retrying/retry-tiers';

/**
 * Every consumer group the delivery service runs, for the consumer-lag gauge. A retry tier's
 * lag includes jobs not due yet: it is the tier's backlog, not a sign of a stuck consumer.
 */
export function deliveryConsumedTopics(config: Config): ConsumedTopics[] {
  return [
    { groupId: DELIVERY_CONSUMER_GROUP, topics: [Topic.Conversions] },
    { groupId: RETRY_CONSUMER_GROUP, topics: retryTopics(config.delivery.retrySchedule) },
  ];
}
