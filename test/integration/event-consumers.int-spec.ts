import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import pino from 'pino';
import { Contracts, type DeliveryJob } from '@postback/contracts';
import { AvroSerde, type ConsumedEvent, EventConsumers } from '@postback/kafka';

/** The shared consumer against the real broker: a message that can never decode must not stall its partition. */
describe('EventConsumers', () => {
  const kafka = new Kafka({
    clientId: 'consumers-test',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  const consumers = new EventConsumers(kafka, serde, pino({ level: 'silent' }));
  const topic = `consumers-test-${randomUUID()}`;

  afterAll(() => consumers.stopAll());

  /** The first message of a topic, read by a fresh group. */
  const readOne = async (name: string): Promise<KafkaMessage> => {
    const reader = kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
    await reader.connect();
    await reader.subscribe({ topics: [name], fromBeginning: true });
    try {
      return await new Promise<KafkaMessage>((resolve) => {
        void reader.run({ eachMessage: async ({ message }) => resolve(message) });
      });
    } finally {
      await reader.disconnect();
    }
  };

  it('dead-letters an undecodable message and handles the one after it', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: 1 },
        { topic: `${topic}.dlq`, numPartitions: 1 },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await serde.register(topic, Contracts.DeliveryJob);
    const job: DeliveryJob = {
      delivery_id: randomUUID(),
      endpoint_id: 'e1',
      decision_id: 'd1',
      call_id: 'c1',
      attempt: 1,
      last_error: null,
      enqueued_at: new Date('2026-11-30T10:00:00Z'),
    };
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        { key: 'c1', value: Buffer.from('not avro at all') },
        { key: 'c1', value: await serde.encode(topic, job) },
      ],
    });
    await producer.disconnect();

    const handled = new Promise<ConsumedEvent<DeliveryJob>>((resolve) => {
      void consumers.start<DeliveryJob>({
        groupId: `consumers-test-${randomUUID()}`,
        topics: [topic],
        handle: async (event) => resolve(event),
      });
    });
    const event = await handled;
    expect(event.value).toEqual(job);
    expect(event.offset).toBe('1');
    const dead = await readOne(`${topic}.dlq`);
    expect(dead.value?.toString()).toBe('not avro at all');
    expect(String(dead.headers?.['x-dlq-reason'])).toBe('not_wire_format');
    expect(String(dead.headers?.['x-dlq-original-offset'])).toBe('0');
  });
});
