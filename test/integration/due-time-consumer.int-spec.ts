import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import pino from 'pino';
import { Contracts, type DeliveryJob } from '@postback/contracts';
import { AvroSerde, DueTimeConsumer, KafkaEventProducer, ensureTopics } from '@postback/kafka';

/** The delay-topic consumer against the real broker: pause until due, keep order, commit what was handled. */
describe('DueTimeConsumer', () => {
  const kafka = new Kafka({
    clientId: 'due-time-int',
    brokers: [process.env.KAFKA_BROKERS!],
    logLevel: logLevel.NOTHING,
  });
  const serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  const producer = new KafkaEventProducer(kafka, serde);
  const topic = `test.due.${randomUUID()}`;
  const groupId = `due-${randomUUID()}`;
  const logger = pino({ level: 'silent' });

  const job = (id: string): DeliveryJob => ({
    delivery_id: id,
    endpoint_id: 'e',
    decision_id: 'd',
    call_id: 'c',
    attempt: 1,
    last_error: null,
    enqueued_at: new Date(),
  });
  const send = (id: string, dueAt: number) =>
    producer.send(topic, [{ key: 'same-partition', value: job(id), headers: { 'x-due': String(dueAt) } }]);

  const consumer = (handled: { id: string; at: number }[], onHandled: () => void) =>
    new DueTimeConsumer<DeliveryJob>(kafka, serde, logger, {
      groupId,
      topics: [topic],
      dueAt: (headers) => Number(headers['x-due']),
      handle: async ({ value }) => {
        handled.push({ id: value.delivery_id, at: Date.now() });
        onHandled();
      },
    });

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { topic, numPartitions: 1, replicationFactor: 1 },
      { topic: `${topic}.dlq`, numPartitions: 1, replicationFactor: 1 },
    ]);
    await admin.disconnect();
    await serde.register(topic, Contracts.DeliveryJob);
    await producer.connect();
  });

  afterAll(() => producer.disconnect());

  it('waits for the head to be due, keeps the order, and commits only what it handled', async () => {
    const dueA = Date.now() + 2000;
    await send('a', dueA);
    await send('b', Date.now()); // due already, but behind a: waits with it

    const handled: { id: string; at: number }[] = [];
    let done!: () => void;
    const both = new Promise<void>((resolve) => (done = resolve));
    const first = consumer(handled, () => handled.length === 2 && done());
    await first.start();
    await both;
    await first.stop();
    expect(handled.map((h) => h.id)).toEqual(['a', 'b']);
    expect(handled[0].at).toBeGreaterThanOrEqual(dueA);

    // A new member of the group starts after the committed offsets: only the new message arrives.
    const later: { id: string; at: number }[] = [];
    let gotC!: () => void;
    const c = new Promise<void>((resolve) => (gotC = resolve));
    const second = consumer(later, () => gotC());
    await second.start();
    await send('c', Date.now());
    await c;
    await second.stop();
    expect(later.map((h) => h.id)).toEqual(['c']);
  }, 90_000);

  it('handles due messages of other lanes while one handler is slow (a slow receiver holds only its own)', async () => {
    const lane = `lane-${randomUUID()}`;
    const slowId = `slow-${randomUUID()}`;
    // Same key, so the same partition; different lanes (x-lane), so neither waits for the other.
    const sendIn = (id: string, laneName: string) =>
      producer.send(topic, [
        {
          key: 'same-partition',
          value: job(id),
          headers: { 'x-due': String(Date.now()), 'x-lane': laneName },
        },
      ]);
    await sendIn(slowId, `${lane}-a`);
    await sendIn(`fast-${lane}`, `${lane}-b`);
    let fastHandled!: () => void;
    const fast = new Promise<void>((resolve) => (fastHandled = resolve));
    const order: string[] = [];
    let slowHandled!: () => void;
    const slowDone = new Promise<void>((resolve) => (slowHandled = resolve));
    const laned = new DueTimeConsumer<DeliveryJob>(kafka, serde, logger, {
      groupId: `lanes-${randomUUID()}`,
      topics: [topic],
      dueAt: (headers) => Number(headers['x-due']),
      laneOf: (headers, key) => headers['x-lane'] ?? key,
      handle: async ({ value }) => {
        if (value.delivery_id === slowId) {
          // Holds until the message behind it was handled: sequential handling never gets there.
          await fast;
          order.push('slow');
          slowHandled();
        } else if (value.delivery_id === `fast-${lane}`) {
          order.push('fast');
          fastHandled();
        }
      },
    });
    await laned.start();
    await Promise.race([
      fast,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the second lane waited')), 30_000)),
    ]);
    await slowDone;
    await laned.stop();
    expect(order).toEqual(['fast', 'slow']);
  }, 90_000);

  it('dead-letters an undecodable message instead of stalling its partition', async () => {
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic,
      messages: [{ key: 'same-partition', value: Buffer.from('garbage'), headers: { 'x-due': '0' } }],
    });
    await raw.disconnect();
    await send('after-garbage', Date.now());

    const handled: { id: string; at: number }[] = [];
    let done!: () => void;
    const after = new Promise<void>((resolve) => (done = resolve));
    const third = consumer(handled, () => handled.some((h) => h.id === 'after-garbage') && done());
    await third.start();
    await after;
    await third.stop();

    const reader = kafka.consumer({ groupId: `dlq-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await reader.connect();
    await reader.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    const dead = await new Promise<KafkaMessage>((resolve) => {
      void reader.run({ eachMessage: async ({ message }) => resolve(message) });
    });
    await reader.disconnect();
    expect(dead.value?.toString()).toBe('garbage');
    expect(String(dead.headers?.['x-dlq-reason'])).toBe('not_wire_format');
    expect(String(dead.headers?.['x-dlq-original-topic'])).toBe(topic);
  }, 90_000);
});
