import { BatchingEventProducer } from './batching-event-producer';
import { EventProducer, type OutgoingEvent, ProduceFailedError } from './event-producer';

class RecordingProducer extends EventProducer {
  readonly calls: { topic: string; keys: string[] }[] = [];
  failWith: Error | null = null;

  async send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void> {
    this.calls.push({ topic, keys: events.map((event) => event.key) });
    if (this.failWith) throw this.failWith;
  }
}

const event = (key: string): OutgoingEvent<string> => ({ key, value: key });

describe('BatchingEventProducer', () => {
  it('sends the writes of concurrent callers in one produce call per topic, in order', async () => {
    const inner = new RecordingProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 5 });
    await Promise.all([
      producer.send('a', [event('1'), event('2')]),
      producer.send('b', [event('x')]),
      producer.send('a', [event('3')]),
    ]);
    expect(inner.calls).toEqual([
      { topic: 'a', keys: ['1', '2', '3'] },
      { topic: 'b', keys: ['x'] },
    ]);
  });

  it('does not resolve before the batch was acknowledged', async () => {
    const inner = new RecordingProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 5 });
    let settled = false;
    const sent = producer.send('a', [event('1')]).then(() => (settled = true));
    expect(settled).toBe(false);
    expect(inner.calls).toEqual([]);
    await sent;
    expect(settled).toBe(true);
    expect(inner.calls).toHaveLength(1);
  });

  it('rejects every caller of a failed batch', async () => {
    const inner = new RecordingProducer();
    inner.failWith = new ProduceFailedError('a', new Error('broker down'));
    const producer = new BatchingEventProducer(inner, { lingerMs: 5 });
    const results = await Promise.allSettled([
      producer.send('a', [event('1')]),
      producer.send('a', [event('2')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBe(inner.failWith);
  });

  it('sends a full batch without waiting out the linger', async () => {
    const inner = new RecordingProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 60_000, maxBatchSize: 2 });
    await producer.send('a', [event('1'), event('2')]);
    expect(inner.calls).toEqual([{ topic: 'a', keys: ['1', '2'] }]);
  });

  it('flushes what waits on demand', async () => {
    const inner = new RecordingProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 60_000 });
    const sent = producer.send('a', [event('1')]);
    await producer.flushAll();
    await sent;
    expect(inner.calls).toEqual([{ topic: 'a', keys: ['1'] }]);
  });

  it('with no linger sends each write at once', async () => {
    const inner = new RecordingProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 0 });
    await Promise.all([producer.send('a', [event('1')]), producer.send('a', [event('2')])]);
    expect(inner.calls).toHaveLength(2);
  });
});
