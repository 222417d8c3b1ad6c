import { Topic } from '@postback/contracts';
import { type ConsumedTopics } from '@postback/kafka';
import { CALL_EVENTS_CONSUMER_GROUP } from './calls/call-event.consumer';
import { RULES_CONSUMER_GROUP, RULES_WAIT_CONSUMER_GROUP } from './decisions/disposition.consumer';

/** Every consumer group the rules service runs, for the consumer-lag gauge. */
export const RULES_CONSUMED_TOPICS: ConsumedTopics[] = [
  { groupId: RULES_CONSUMER_GROUP, topics: [Topic.Dispositions] },
  { groupId: RULES_WAIT_CONSUMER_GROUP, topics: [Topic.DispositionsWait] },
  { groupId: CALL_EVENTS_CONSUMER_GROUP, topics: [Topic.CallEvents] },
];
