import { Contracts, TOPIC_CONTRACTS, Topic } from '@postback/contracts';

type Service = 'ingest' | 'rules' | 'delivery';
export type ContractName = keyof typeof Contracts;

/** What a topic is for: who writes it, who reads it, what it carries and which headers. */
export interface TopicRole {
  contract: ContractName;
  kind: 'event' | 'wait' | 'retry' | 'delivery-dlq' | 'poison';
  producer: Service;
  consumer?: Service;
  description: string;
}

/** The contract a fixed topic carries, as libs/contracts maps it. */
export const contractOf = (topic: Topic): ContractName =>
  (Object.keys(Contracts) as ContractName[]).find((name) => Contracts[name] === TOPIC_CONTRACTS[topic])!;

const fixed = (
  topic: Topic,
  kind: TopicRole['kind'],
  producer: Service,
  consumer: Service | undefined,
  description: string,
): [string, TopicRole] => [topic, { contract: contractOf(topic), kind, producer, consumer, description }];

/**
 * Every topic's role. Which service writes and reads a topic is the architecture (README, "How it
 * flows"); the contracts come from libs/contracts and the names from the topic catalogue.
 */
export function topicRoles(
  retryTopics: string[],
  deadLetterTopicFor: (topic: string) => string,
): Map<string, TopicRole> {
  const roles = new Map<string, TopicRole>([
    fixed(Topic.CallEvents, 'event', 'ingest', 'rules', 'Call lifecycle events (started, answered, ended)'),
    fixed(
      Topic.Dispositions,
      'event',
      'ingest',
      'rules',
      'Dispositions as accepted by ingest (202 after acks=all)',
    ),
    fixed(Topic.DispositionsWait, 'wait', 'rules', 'rules', 'Dispositions waiting for their call events'),
    fixed(
      Topic.DispositionsDlq,
      'poison',
      'rules',
      undefined,
      'Dispositions rules could never decode, as they came',
    ),
    fixed(
      Topic.Conversions,
      'event',
      'rules',
      'delivery',
      'One decision per change of a call’s outcome (exactly once)',
    ),
    fixed(Topic.PostbackOutcomes, 'event', 'delivery', undefined, 'One outcome per finished delivery'),
    fixed(
      Topic.PostbackDlq,
      'delivery-dlq',
      'delivery',
      undefined,
      'Deliveries that failed for good; replayable',
    ),
  ]);
  for (const topic of retryTopics) {
    roles.set(topic, {
      contract: 'DeliveryJob',
      kind: 'retry',
      producer: 'delivery',
      consumer: 'delivery',
      description: 'Delivery jobs waiting out one retry delay',
    });
  }
  const poisonOf = (origin: string, contract: ContractName, consumer: Service) => {
    const topic = deadLetterTopicFor(origin);
    if (roles.has(topic)) return;
    roles.set(topic, {
      contract,
      kind: 'poison',
      producer: consumer,
      description: `Messages of ${origin} that ${consumer} could never handle, as they came`,
    });
  };
  poisonOf(Topic.CallEvents, 'CallEvent', 'rules');
  poisonOf(Topic.Conversions, 'ConversionDecision', 'delivery');
  for (const topic of retryTopics) poisonOf(topic, 'DeliveryJob', 'delivery');
  return roles;
}
