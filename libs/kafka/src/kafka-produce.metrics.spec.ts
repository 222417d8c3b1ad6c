import { Registry } from 'prom-client';
import { KafkaProduceMetrics } from './kafka-produce.metrics';

describe('KafkaProduceMetrics', () => {
  it('counts a failed produce by topic and rethrows its error', async () => {
    const registry = new Registry();
    const metrics = new KafkaProduceMetrics(registry);
    const failure = new Error('broker gone');
    await expect(metrics.counting('dispositions.v1', () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(metrics.counting('dispositions.v1', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(await registry.metrics()).toContain(
      'postback_kafka_produce_errors_total{topic="dispositions.v1"} 1',
    );
  });
});
