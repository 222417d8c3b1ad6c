import { type Kafka } from 'kafkajs';
import { Registry } from 'prom-client';
import { ConsumerLagMetrics } from './consumer-lag.metrics';

/** Just the admin calls the lag gauge makes; the broker side is covered by rules-service.int-spec. */
function kafkaWith(admin: {
  fetchTopicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
  fetchOffsets(request: {
    groupId: string;
  }): Promise<{ partitions: { partition: number; offset: string }[] }[]>;
}): { kafka: Kafka; connects: () => number } {
  let connects = 0;
  const kafka = {
    admin: () => ({
      connect: () => {
        connects += 1;
        return Promise.resolve();
      },
      disconnect: () => Promise.resolve(),
      ...admin,
    }),
  } as unknown as Kafka;
  return { kafka, connects: () => connects };
}

describe('ConsumerLagMetrics', () => {
  const groups = () => [
    { groupId: 'g1', topics: ['t1'] },
    { groupId: 'g2', topics: ['t1', 't2'] },
  ];

  it('reports the lag of every group, topic and partition, over one admin client', async () => {
    const registry = new Registry();
    const { kafka, connects } = kafkaWith({
      fetchTopicOffsets: (topic) =>
        Promise.resolve([{ partition: 0, low: '0', high: topic === 't1' ? '10' : '4' }]),
      fetchOffsets: ({ groupId }) =>
        Promise.resolve([{ partitions: [{ partition: 0, offset: groupId === 'g1' ? '7' : '-1' }] }]),
    });
    const lag = new ConsumerLagMetrics(registry, kafka, groups);
    await registry.metrics();
    const text = await registry.metrics();
    expect(text).toContain('postback_consumer_lag_messages{group="g1",topic="t1",partition="0"} 3');
    expect(text).toContain('postback_consumer_lag_messages{group="g2",topic="t1",partition="0"} 10');
    expect(text).toContain('postback_consumer_lag_messages{group="g2",topic="t2",partition="0"} 4');
    expect(connects()).toBe(1);
    await lag.onApplicationShutdown();
  });

  it('answers the scrape within its time box when the broker does not, and counts the failure', async () => {
    const registry = new Registry();
    const { kafka } = kafkaWith({
      fetchTopicOffsets: () => new Promise(() => undefined), // never answers
      fetchOffsets: () => Promise.resolve([]),
    });
    new ConsumerLagMetrics(registry, kafka, groups, { timeoutMs: 50 });
    const started = Date.now();
    const text = await registry.metrics();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(text).not.toMatch(/^postback_consumer_lag_messages\{/m);
    // prom-client reads the registry's metrics concurrently: the count shows from the next scrape.
    expect(await registry.metrics()).toContain('postback_consumer_lag_read_failures_total 1');
  });

  it('does not touch the broker for a service without consumer groups', async () => {
    const registry = new Registry();
    const { kafka, connects } = kafkaWith({
      fetchTopicOffsets: () => Promise.reject(new Error('unexpected')),
      fetchOffsets: () => Promise.reject(new Error('unexpected')),
    });
    new ConsumerLagMetrics(registry, kafka, () => []);
    expect(await registry.metrics()).toContain('postback_consumer_lag_read_failures_total 0');
    expect(connects()).toBe(0);
  });
});
