import { randomUUID } from 'node:crypto';
import { type ConversionDecision, Topic } from '@postback/contracts';
import { KafkaEventProducer } from '@postback/kafka';
import { DeliveryHarness } from '../support/delivery-harness';
import { setTopicConfig } from '../support/topic-config';

/**
 * The conversions.v1 batch path on the real stack: a batch whose attempts were recorded but
 * whose offsets were never committed (the outcomes could not be produced, then the process
 * died) is delivered again after the restart — and sends nothing again.
 */
describe('delivery: a recorded batch replayed after a crash', () => {
  const h = new DeliveryHarness({
    LOG_LEVEL: 'info',
    DELIVERY_RETRY_SCHEDULE: '1s,2s',
    DELIVERY_TIMEOUT_MS: '2000',
    DELIVERY_ALLOW_NETWORKS: '127.0.0.1/32',
    DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '100',
  });
  const producer = new KafkaEventProducer(h.kafka, h.serde);

  beforeAll(async () => {
    await h.start();
    await producer.connect();
  }, 180_000);
  afterAll(async () => {
    await producer.disconnect();
    await h.stop();
  }, 60_000);

  /** Refuses every produce to the topic, broker-side, until restored: a real Kafka error. */
  const maxMessageBytes = (topic: string, value: string | null) =>
    setTopicConfig(h.kafka, topic, 'max.message.bytes', value);

  /** Polls postbacks.outcomes.v1 until every delivery has its outcome; answers them by delivery id. */
  const outcomesOf = async (deliveryIds: string[]): Promise<Map<string, Record<string, unknown>[]>> => {
    const found = new Map<string, Record<string, unknown>[]>();
    const consumer = h.kafka.consumer({ groupId: `outcomes-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topic.PostbackOutcomes, fromBeginning: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`outcomes missing: ${[...found.keys()].length}`)),
          60_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            const value = await h.serde.decode<Record<string, unknown>>(message.value!).catch(() => null);
            const id = value?.delivery_id as string | undefined;
            if (!id || !deliveryIds.includes(id)) return;
            found.set(id, [...(found.get(id) ?? []), value!]);
            if (found.size === deliveryIds.length) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return found;
  };

  it('sends nothing again for a batch whose attempts were recorded before the crash', async () => {
    const campaign = `batch-replay-${randomUUID()}`;
    const endpointId = await h.createEndpoint(campaign);
    h.receiver.script(() => ({ status: 200 }));
    const decisions: ConversionDecision[] = Array.from({ length: 12 }, () => h.newDecision(campaign));

    // Outcomes cannot be produced: each batch is held after recording its attempts, uncommitted.
    await maxMessageBytes(Topic.PostbackOutcomes, '10');
    let restored = false;
    try {
      await producer.send(
        Topic.Conversions,
        decisions.map((decision) => ({ key: decision.call_id, value: decision })),
      );
      for (const decision of decisions) {
        expect((await h.deliveryOf(endpointId, decision.call_id, 'delivered')).attempt_count).toBe(1);
      }
      expect(h.requestsFor(campaign)).toHaveLength(12);

      // The process dies with its offsets uncommitted: the restarted one gets the batches again.
      await h.crashAndRestart();
      await maxMessageBytes(Topic.PostbackOutcomes, null);
      restored = true;
    } finally {
      if (!restored) await maxMessageBytes(Topic.PostbackOutcomes, null);
    }

    const delivered = await Promise.all(
      decisions.map((decision) => h.deliveryOf(endpointId, decision.call_id, 'delivered')),
    );
    const outcomes = await outcomesOf(delivered.map((delivery) => delivery.id));
    for (const delivery of delivered) {
      expect(outcomes.get(delivery.id)?.[0]).toMatchObject({ outcome: 'delivered', attempts: 1 });
    }
    // Every request went out once; the replayed batches only produced what followed.
    const calls = h
      .requestsFor(campaign)
      .map((request) => new URL(request.url, h.receiverUrl).searchParams.get('call_id'));
    expect(calls.sort()).toEqual(decisions.map((decision) => decision.call_id).sort());
    for (const delivery of delivered) expect(delivery.attempt_count).toBe(1);
  }, 180_000);
});
