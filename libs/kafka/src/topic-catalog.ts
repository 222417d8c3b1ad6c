import { type ITopicConfig } from 'kafkajs';
import { type Config } from '@postback/config';
import { Topic, retryTopic } from '@postback/contracts';
import { deadLetterTopicFor } from './dead-letter';

/**
 * Every topic with its settings, created explicitly at start-up (never auto-created).
 * Retention is set per topic: dead-letter topics keep messages longer so that they can be replayed.
 */
export function topicCatalog(kafka: Config['kafka'], retrySchedule: string[]): ITopicConfig[] {
  const topic = (name: string, retentionMs: number): ITopicConfig => ({
    topic: name,
    numPartitions: kafka.topicPartitions,
    replicationFactor: kafka.topicReplicationFactor,
    configEntries: [
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: String(retentionMs) },
      { name: 'min.insync.replicas', value: String(Math.min(2, kafka.topicReplicationFactor)) },
    ],
  });
  const retention = kafka.topicRetentionMs;
  const dlqRetention = Math.max(retention, 30 * 24 * 3_600_000);
  const retryTopics = [...new Set(retrySchedule.map((tier) => retryTopic(tier)))];
  // Every consumed topic has its dead-letter topic (the one poison policy); dispositions.wait
  // shares dispositions.dlq, and postbacks.dlq holds failed deliveries (replayable jobs).
  const deadLetterTopics = [Topic.CallEvents, Topic.Conversions, ...retryTopics].map(deadLetterTopicFor);
  return [
    topic(Topic.CallEvents, retention),
    topic(Topic.Dispositions, retention),
    topic(Topic.Conversions, retention),
    topic(Topic.PostbackOutcomes, retention),
    topic(Topic.PostbackDlq, dlqRetention),
    topic(Topic.DispositionsDlq, dlqRetention),
    topic(Topic.DispositionsWait, retention),
    ...retryTopics.map((name) => topic(name, retention)),
    ...deadLetterTopics.map((name) => topic(name, dlqRetention)),
  ];
}
