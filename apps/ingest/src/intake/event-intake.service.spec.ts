import pino from 'pino';
import { ConflictException, UnprocessableEntityException } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Writable } from 'node:stream';
import { createLogger } from '@postback/observability';
import { type BatchingEventProducer, type OutgoingEvent, ProduceFailedError } from '@postback/kafka';
import { requestKey } from '../idempotency/idempotency-key';
import { type Claim, type IdempotencyStore, type Recorded } from '../idempotency/idempotency.store';
import { IngestMetrics } from '../ingest.metrics';
import { type AcceptedCounter } from '../ledger/accepted-counter';
import { EventIntakeService, type PreparedEvent } from './event-intake.service';

/** The dedup protocol of the store, in memory: claim if free, confirm, release. */
class MemoryStore {
  readonly rows = new Map<string, Recorded>();

  async claim(_source: string, claims: Claim[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const claim of claims) {
      if (this.rows.has(claim.key)) continue;
      this.rows.set(claim.key, {
        state: 'pending',
        events: claim.events,
        requestHash: claim.requestHash ?? null,
      });
      claimed.add(claim.key);
    }
    return claimed;
  }
  async recorded(_source: string, keys: string[]): Promise<Map<string, Recorded>> {
    return new Map(keys.filter((key) => this.rows.has(key)).map((key) => [key, this.rows.get(key)!]));
  }
  async confirm(_source: string, keys: string[]): Promise<void> {
    for (const key of keys) this.rows.get(key)!.state = 'done';
  }
  async release(_source: string, keys: string[]): Promise<void> {
    for (const key of keys) if (this.rows.get(key)?.state === 'pending') this.rows.delete(key);
  }
}

class RecordingProducer {
  readonly sent: OutgoingEvent<unknown>[] = [];
  failing = false;
  async send<T>(topic: string, events: OutgoingEvent<T>[]): Promise<void> {
    if (this.failing) throw new ProduceFailedError(topic, new Error('down'));
    this.sent.push(...events);
  }
}

describe('EventIntakeService', () => {
  let store: MemoryStore;
  let producer: RecordingProducer;
  let service: EventIntakeService;
  let counter: { counts: [Date, number][]; add: (at: Date, n: number) => void };
  const event = (id: string, key: string): PreparedEvent<string> => ({
    ref: { event_id: id, call_id: `call-${key}` },
    dedupKey: key,
    value: id,
  });
  const request = (events: PreparedEvent<string>[], idempotencyKey?: string, requestHash?: string) => ({
    kind: 'disposition' as const,
    topic: 'dispositions.v1',
    sourceId: 's1',
    events,
    idempotencyKey,
    requestHash,
    traceparent: 'tp',
  });

  beforeEach(() => {
    store = new MemoryStore();
    counter = { counts: [], add: (at, n) => counter.counts.push([at, n]) };
    producer = new RecordingProducer();
    service = new EventIntakeService(
      producer as unknown as BatchingEventProducer,
      store as unknown as IdempotencyStore,
      new IngestMetrics(new Registry()),
      pino({ level: 'silent' }),
      counter as unknown as AcceptedCounter,
    );
  });

  it('produces new events keyed by call id, storing nothing without an Idempotency-Key', async () => {
    const answers = await service.accept(request([event('e1', 'k1'), event('e2', 'k2')]));
    expect(answers.map((a) => [a.event_id, a.status])).toEqual([
      ['e1', 'accepted'],
      ['e2', 'accepted'],
    ]);
    expect(producer.sent.map((m) => [m.key, m.value])).toEqual([
      ['call-k1', 'e1'],
      ['call-k2', 'e2'],
    ]);
    expect(store.rows.size).toBe(0);
  });

  it('claims and confirms the key of a request that has an Idempotency-Key', async () => {
    await service.accept(request([event('e1', 'k1'), event('e2', 'k2')], 'abc'));
    expect([...store.rows.values()].map((row) => [row.state, row.events.length])).toEqual([['done', 2]]);
  });

  it('writes one line per accepted event, with its ids', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    service = new EventIntakeService(
      producer as unknown as BatchingEventProducer,
      store as unknown as IdempotencyStore,
      new IngestMetrics(new Registry()),
      createLogger('ingest', 'info', sink),
      counter as unknown as AcceptedCounter,
    );
    await service.accept(request([event('e1', 'k1'), event('e2', 'k2')]));
    expect(
      lines.map(({ msg, call_id, event_id, source_id }) => ({ msg, call_id, event_id, source_id })),
    ).toEqual([
      { msg: 'disposition accepted', call_id: 'call-k1', event_id: 'e1', source_id: 's1' },
      { msg: 'disposition accepted', call_id: 'call-k2', event_id: 'e2', source_id: 's1' },
    ]);
  });

  it('produces a repeat inside a request once, and a repeat of an earlier request again under its id', async () => {
    // Ids derive from the dedup key (eventIdOf): the same event has the same id in every request,
    // and rules decides an id once.
    await service.accept(request([event('e1', 'k1')]));
    const answers = await service.accept(request([event('e1', 'k1'), event('e3', 'k3'), event('e3', 'k3')]));
    expect(answers).toEqual([
      { event_id: 'e1', call_id: 'call-k1', status: 'accepted' },
      { event_id: 'e3', call_id: 'call-k3', status: 'accepted' },
      { event_id: 'e3', call_id: 'call-k3', status: 'duplicate' },
    ]);
    expect(producer.sent.map((m) => m.value)).toEqual(['e1', 'e1', 'e3']);
  });

  it('treats a request with an Idempotency-Key as one unit', async () => {
    await service.accept(request([event('e1', 'k1'), event('e2', 'k2')], 'abc'));
    const replay = await service.accept(request([event('e7', 'k7')], 'abc'));
    expect(replay.map((a) => [a.event_id, a.status])).toEqual([
      ['e1', 'duplicate'],
      ['e2', 'duplicate'],
    ]);
    expect(producer.sent.map((m) => m.value)).toEqual(['e1', 'e2']);
  });

  it('answers 422 to a key reused with another request, naming the key, and produces nothing', async () => {
    await service.accept(request([event('e1', 'k1')], 'abc', 'hash-1'));
    expect((await service.accept(request([event('e8', 'k8')], 'abc', 'hash-1')))[0].status).toBe('duplicate');
    const reuse = service.accept(request([event('e9', 'k9')], 'abc', 'hash-2'));
    await expect(reuse).rejects.toBeInstanceOf(UnprocessableEntityException);
    await expect(reuse).rejects.toMatchObject({
      response: { error: 'idempotency_key_reused', idempotency_key: 'abc' },
    });
    expect(producer.sent.map((m) => m.value)).toEqual(['e1']);
  });

  it('releases the keys of a failed produce, so that the retry is taken', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      producer.failing = true;
      await expect(service.accept(request([event('e1', 'k1')], 'abc'))).rejects.toBeInstanceOf(
        ProduceFailedError,
      );
      jest.setSystemTime(1_010_000);
      await expect(service.accept(request([event('e2', 'k2')]))).rejects.toBeInstanceOf(ProduceFailedError);
      expect(store.rows.size).toBe(0);
      producer.failing = false;
      jest.setSystemTime(1_020_000);
      const retried = await service.accept(request([event('e3', 'k1')], 'abc'));
      expect(retried[0]).toMatchObject({ event_id: 'e3', status: 'accepted' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses at once for a while after a failed produce, then tries again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    try {
      producer.failing = true;
      await expect(service.accept(request([event('e1', 'k1')]))).rejects.toBeInstanceOf(ProduceFailedError);
      producer.failing = false;
      await expect(service.accept(request([event('e2', 'k2')]))).rejects.toBeInstanceOf(ProduceFailedError);
      expect(store.rows.size).toBe(0);
      jest.setSystemTime(1_000_000 + 5000);
      await expect(service.accept(request([event('e3', 'k3')]))).resolves.toHaveLength(1);
      expect(producer.sent.map((m) => m.value)).toEqual(['e3']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers 409 while the same Idempotency-Key is still being stored, and produces nothing', async () => {
    const key = requestKey('disposition', 'abc');
    await store.claim('s1', [{ key, events: [{ event_id: 'e0', call_id: 'call-k1' }] }]);
    await expect(service.accept(request([event('e1', 'k1')], 'abc'))).rejects.toBeInstanceOf(
      ConflictException,
    );
    expect([...store.rows.keys()]).toEqual([key]);
    expect(producer.sent).toEqual([]);
  });

  it('counts the dispositions Kafka acknowledged by the time the request was received, nothing else', async () => {
    const at = new Date('2026-12-07T10:15:30Z');
    await service.accept({
      ...request([event('e1', 'k1'), event('e2', 'k2'), event('e3', 'k2')]),
      receivedAt: at,
    });
    await service.accept({ ...request([event('e4', 'k4')]), kind: 'call_event', receivedAt: at });
    producer.failing = true;
    await expect(service.accept(request([event('e5', 'k5')]))).rejects.toThrow(ProduceFailedError);
    expect(counter.counts).toEqual([[at, 2]]);
  });
});
