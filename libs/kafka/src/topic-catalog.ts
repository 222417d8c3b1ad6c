import { type ITopicConfig } from 'kafkajs';
import { type Config } from '@postback/config';
import { Topic, retryTopic } from '@postback/contracts';

/**
 * Every topic with its settings, created explicitly at start-up (never auto-created).
 * Retention is set per topic: the DLQ keeps messages longer so that they can be replayed.
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
  return [
    topic(Topic.CallEvents, retention),
    topic(Topic.Dispositions, retention),
    topic(Topic.Conversions, retention),
    topic(Topic.PostbackOutcomes, retention),
    topic(Topic.PostbackDlq, Math.max(retention, 30 * 24 * 3_600_000)),
    topic(Topic.DispositionsDlq, Math.max(retention, 30 * 24 * 3_600_000)),
    topic(Topic.DispositionsWait, retention),
    // One topic per distinct delay: a schedule may repeat one (10h,10h).
    ...[...new Set(retrySchedule.map(retryTopic))].map((name) => topic(name, retention)),
  ];
}
