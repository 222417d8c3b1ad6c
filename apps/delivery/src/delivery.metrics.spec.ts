import { Registry } from 'prom-client';
import { DeliveryMetrics } from './delivery.metrics';

describe('DeliveryMetrics read from the database at scrape time', () => {
  const never = <T>() => new Promise<T>(() => undefined);

  function metrics(): { registry: Registry; delivery: DeliveryMetrics } {
    const registry = new Registry();
    const delivery = new DeliveryMetrics(registry);
    delivery.readTimeoutMs = 50;
    return { registry, delivery };
  }

  it('reports the DLQ size and the endpoints the breaker disabled', async () => {
    const { registry, delivery } = metrics();
    delivery.countDlq = () => Promise.resolve(14);
    delivery.listDisabled = () => Promise.resolve(['e1', 'e2']);
    const text = await registry.metrics();
    expect(text).toMatch(/^postback_delivery_dlq_size 14$/m);
    expect(text).toMatch(/^postback_delivery_disabled_endpoints\{endpoint_id="e1"\} 1$/m);
    expect(text).toMatch(/^postback_delivery_disabled_endpoints\{endpoint_id="e2"\} 1$/m);
  });

  it('leaves the series out, not at zero, when the database fails', async () => {
    const { registry, delivery } = metrics();
    delivery.countDlq = () => Promise.resolve(14);
    delivery.listDisabled = () => Promise.resolve(['e1']);
    await registry.metrics();
    delivery.countDlq = () => Promise.reject(new Error('connection terminated'));
    delivery.listDisabled = () => Promise.reject(new Error('connection terminated'));
    const text = await registry.metrics();
    expect(text).not.toMatch(/^postback_delivery_dlq_size /m);
    expect(text).not.toMatch(/^postback_delivery_disabled_endpoints\{/m);
  });

  it('does not hang the scrape on a database that never answers', async () => {
    const { registry, delivery } = metrics();
    delivery.countDlq = never;
    delivery.listDisabled = never;
    const started = Date.now();
    const text = await registry.metrics();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(text).not.toMatch(/^postback_delivery_dlq_size /m);
    expect(text).not.toMatch(/^postback_delivery_disabled_endpoints\{/m);
    expect(text).toContain('# TYPE postback_delivery_dlq_size gauge');
  });

  it('does not queue another read behind one still stuck from an earlier scrape', async () => {
    const { registry, delivery } = metrics();
    let reads = 0;
    delivery.countDlq = () => {
      reads += 1;
      return never();
    };
    await registry.metrics();
    await registry.metrics();
    expect(reads).toBe(1);
  });
});
