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
});
