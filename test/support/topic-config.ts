import { type Kafka } from 'kafkajs';

/** kafkajs's ConfigSource for a setting made on the topic itself. */
const DYNAMIC_TOPIC_CONFIG = 1;

/**
 * Sets one topic-level setting (null: removes it, back to the broker's default) and keeps the
 * topic's others: kafkajs's alterConfigs replaces a topic's whole set, so a test that set only
 * max.message.bytes wiped the topic's retention.ms for every test after it.
 */
export async function setTopicConfig(
  kafka: Kafka,
  topic: string,
  name: string,
  value: string | null,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: topic }],
    });
    const kept = resources[0].configEntries
      .filter((entry) => entry.configSource === DYNAMIC_TOPIC_CONFIG && entry.configName !== name)
      .filter((entry) => entry.configValue !== null)
      .map((entry) => ({ name: entry.configName, value: entry.configValue }));
    const configEntries = value === null ? kept : [...kept, { name, value }];
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: 2, name: topic, configEntries }] });
  } finally {
    await admin.disconnect();
  }
}
