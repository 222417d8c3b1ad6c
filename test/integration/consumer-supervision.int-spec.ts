import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Contracts, type DeliveryJob } from '@postback/contracts';
import {
  AvroSerde,
  ConsumerSupervisor,
  DueTimeConsumer,
  EventConsumers,
  KafkaConsumerMetrics,
  KafkaEventProducer,
  TransactionalConsumers,
  ensureTopics,
} from '@postback/kafka';
import { ReadinessRegistry } from '@postback/observability';
import { runsOnTestStack, startTestKafka, stopTestKafka } from '../infra/local-stack';

/**
 * The broker stopped past kafkajs's retries (tiny here, so that it is certain): kafkajs crashes
 * every consumer (its fetches and the coordinator lookup fail: "Failed to find group
 * coordinator" is non-retriable) and restarts none. The supervisor must: meanwhile readiness
 * names each group, and once the broker is back each kind consumes again, messages produced
 * after the crash included.
 */
describe('consumers under supervision survive a broker outage', () => {
  const brokers = process.env.KAFKA_BROKERS!.split(',');
  const kafka = new Kafka({
    clientId: `supervision-${randomUUID()}`,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 500,
    requestTimeout: 2000,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
  });
  const serde = new AvroSerde(process.env.SCHEMA_REGISTRY_URL!);
  const logger = pino({ level: 'silent' });
  const registry = new Registry();
  const supervisor = new ConsumerSupervisor(
    logger,
    { backoff: { initialMs: 200, maxMs: 2000 }, livenessMs: 600_000 },
    new KafkaConsumerMetrics(registry),
  );
  const readiness = new ReadinessRegistry();
  readiness.add('consumers', async () => supervisor.assertRunning());
  const run = randomUUID();
  const topics = {
    plain: `sup.plain.${run}`,
    tx: `sup.tx.${run}`,
    due: `sup.due.${run}`,
    dlq: `sup.dlq.${run}`,
  };
  const groups = { plain: `sup-plain-${run}`, tx: `sup-tx-${run}`, due: `sup-due-${run}` };
  const seen = { plain: new Set<string>(), tx: new Set<string>(), due: new Set<string>() };
  const events = new EventConsumers(kafka, serde, logger, supervisor);
  const transactional = new TransactionalConsumers(kafka, serde, logger, undefined, supervisor);
  const due = new DueTimeConsumer<DeliveryJob>(kafka, serde, logger, {
    groupId: groups.due,
    topics: [topics.due],
    dueAt: () => null,
    handle: async ({ value }) => void seen.due.add(value.delivery_id),
  });

  const job = (id: string): DeliveryJob => ({
    delivery_id: id,
    endpoint_id: 'e',
    decision_id: 'd',
    call_id: 'c',
    attempt: 1,
    last_error: null,
    enqueued_at: new Date(),
  });
  /** Produces one job to each of the three topics with a fresh client (the old ones saw the outage). */
  const produceEverywhere = async (id: string) => {
    const producer = new KafkaEventProducer(new Kafka({ brokers, logLevel: logLevel.NOTHING }), serde);
    try {
      for (const topic of [topics.plain, topics.tx, topics.due])
        await producer.send(topic, [{ key: 'c', value: job(id) }]);
    } finally {
      await producer.disconnect();
    }
  };
  const until = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const everyKindSaw = (id: string) => seen.plain.has(id) && seen.tx.has(id) && seen.due.has(id);
  const restarts = async () =>
    (await registry.getSingleMetric('postback_kafka_consumer_restarts_total')!.get()).values.reduce(
      (sum, value) => sum + value.value,
      0,
    );

  beforeAll(async () => {
    if (!runsOnTestStack()) {
      throw new Error(
        'this test stops and starts the broker of the embedded test stack; run it on the local stack',
      );
    }
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(
      admin,
      Object.values(topics).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    );
    await admin.disconnect();
    for (const topic of Object.values(topics)) await serde.register(topic, Contracts.DeliveryJob);
    await events.start<DeliveryJob>({
      groupId: groups.plain,
      topics: [topics.plain],
      handle: async ({ value }) => void seen.plain.add(value.delivery_id),
    });
    await transactional.start<DeliveryJob>({
      groupId: groups.tx,
      topics: [topics.tx],
      transactionalIdPrefix: `sup-${run}`,
      deadLetterTopic: topics.dlq,
      handle: async ({ value }) => void seen.tx.add(value.delivery_id),
    });
    await due.start(supervisor);
  }, 120_000);

  afterAll(async () => {
    startTestKafka(); // whatever happened, leave the broker running for the next test
    await Promise.all([events.stopAll(), transactional.stopAll(), due.stop()]);
  }, 120_000);

  it('restarts every crashed consumer, says so in readiness meanwhile, and consumes what came after', async () => {
    await produceEverywhere('before');
    await until('the first message', () => everyKindSaw('before'));
    expect(await readiness.report()).toEqual({ ready: true, checks: { consumers: 'up' } });

    await stopTestKafka();
    try {
      await until('every consumer to crash', () => supervisor.notRunning().length === 3, 60_000);
      const report = await readiness.report();
      expect(report.ready).toBe(false);
      for (const group of Object.values(groups)) expect(report.checks.consumers).toContain(group);
    } finally {
      startTestKafka();
    }

    await produceEverywhere('after');
    await until('every kind to consume after the outage', () => everyKindSaw('after'));
    await until('every consumer to run again', () => supervisor.notRunning().length === 0);
    expect(await readiness.report()).toEqual({ ready: true, checks: { consumers: 'up' } });
    expect(await restarts()).toBeGreaterThanOrEqual(3);
  }, 300_000);
});
