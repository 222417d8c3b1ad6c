import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from '@postback/config';
import { Topic } from '@postback/contracts';
import { ensureTopics, topicCatalog } from '@postback/kafka';

describe('topic admin against the real broker', () => {
  const config = loadConfig({ ...process.env, KAFKA_TOPIC_PARTITIONS: '3' });
  const kafka = new Kafka({
    clientId: 'topics-test',
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const catalog = topicCatalog(config.kafka, ['30s', '2m']);

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('creates every topic of the catalog with its partitions and retention, then creates nothing more', async () => {
    await ensureTopics(admin, catalog);
    expect(await ensureTopics(admin, catalog)).toEqual([]);

    const names = catalog.map((t) => t.topic);
    expect(names).toEqual(
      expect.arrayContaining([
        Topic.Dispositions,
        Topic.Conversions,
        'postbacks.retry.30s',
        'postbacks.retry.2m',
      ]),
    );
    const metadata = await admin.fetchTopicMetadata({ topics: names });
    for (const topic of metadata.topics) expect(topic.partitions).toHaveLength(3);

    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: Topic.PostbackDlq, configNames: ['retention.ms', 'cleanup.policy'] }],
    });
    const entries = Object.fromEntries(resources[0].configEntries.map((e) => [e.configName, e.configValue]));
    expect(entries['cleanup.policy']).toBe('delete');
    expect(Number(entries['retention.ms'])).toBeGreaterThanOrEqual(30 * 24 * 3_600_000);
  });

  it('sets retention.ms on every topic explicitly (a topic-level setting, not the broker default)', async () => {
    await ensureTopics(admin, catalog);
    // Every topic the system uses is in the catalog, and so created with its own retention.
    expect(catalog.map((t) => t.topic)).toEqual(expect.arrayContaining(Object.values(Topic)));
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: catalog.map((t) => ({ type: 2, name: t.topic, configNames: ['retention.ms'] })),
    });
    const retention = Object.fromEntries(
      resources.map((resource) => {
        const entry = resource.configEntries.find((e) => e.configName === 'retention.ms')!;
        // configSource 1 = DYNAMIC_TOPIC_CONFIG: set on the topic, not inherited.
        return [resource.resourceName, { ms: Number(entry.configValue), source: entry.configSource }];
      }),
    );
    expect(Object.keys(retention).sort()).toEqual(catalog.map((t) => t.topic).sort());
    for (const topic of catalog) {
      const expected = topic.topic.endsWith('.dlq')
        ? Math.max(config.kafka.topicRetentionMs, 30 * 24 * 3_600_000)
        : config.kafka.topicRetentionMs;
      expect({ topic: topic.topic, ...retention[topic.topic] }).toEqual({
        topic: topic.topic,
        ms: expected,
        source: 1,
      });
    }
  });
});
