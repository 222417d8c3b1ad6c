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

describe('BatchingEventProducer while a produce call is under way', () => {
  /** A producer whose calls settle only when the test says so. */
  class HeldProducer extends EventProducer {
    readonly calls: { keys: string[]; release: () => void }[] = [];
    send<T>(_topic: string, events: OutgoingEvent<T>[]): Promise<void> {
      return new Promise((resolve) => this.calls.push({ keys: events.map((e) => e.key), release: resolve }));
    }
  }
  const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

  it('gathers the writes that arrive meanwhile into the next call, sent once it settles', async () => {
    const inner = new HeldProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 1 });
    const first = producer.send('a', [event('1')]);
    await settled();
    expect(inner.calls.map((call) => call.keys)).toEqual([['1']]);
    const later = [producer.send('a', [event('2')]), producer.send('a', [event('3'), event('4')])];
    await settled();
    expect(inner.calls).toHaveLength(1); // nothing new while the first is unanswered
    inner.calls[0].release();
    await first;
    await settled();
    expect(inner.calls.map((call) => call.keys)).toEqual([['1'], ['2', '3', '4']]);
    inner.calls[1].release();
    await Promise.all(later);
  });

  it('splits what gathered into calls of at most the batch size, whole callers only', async () => {
    const inner = new HeldProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 1, maxBatchSize: 3 });
    const all = [producer.send('a', [event('1')])];
    await settled();
    all.push(producer.send('a', [event('2'), event('3')]), producer.send('a', [event('4'), event('5')]));
    inner.calls[0].release();
    await settled();
    inner.calls[1].release();
    await settled();
    inner.calls[2].release();
    await Promise.all(all);
    expect(inner.calls.map((call) => call.keys)).toEqual([['1'], ['2', '3'], ['4', '5']]);
  });

  it('flushAll waits for the call under way and sends what gathered', async () => {
    const inner = new HeldProducer();
    const producer = new BatchingEventProducer(inner, { lingerMs: 60_000, maxBatchSize: 1 });
    const all = [producer.send('a', [event('1')]), producer.send('a', [event('2')])];
    const flushed = producer.flushAll();
    await settled();
    inner.calls[0].release();
    await settled();
    inner.calls[1].release();
    await flushed;
    await Promise.all(all);
    expect(inner.calls.map((call) => call.keys)).toEqual([['1'], ['2']]);
  });
});
