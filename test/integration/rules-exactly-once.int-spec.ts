import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { type ConversionDecision, type Disposition, Topic } from '@postback/contracts';
import { ServiceProcess, freePort } from '@postback/testing';
import { TopicClient, eventually } from '../support/topic-client';

/** What each call's dispositions must decide, in order: the repeat of Sale decides nothing. */
const SCRIPT = [
  { label: 'Qualified Lead', expect: { type: 'partial', status: 'new', value: '50.00', delta: '50.00' } },
  { label: 'Sale', expect: { type: 'conversion', status: 'upgrade', value: '100.00', delta: '50.00' } },
  { label: 'Sale', expect: null },
  {
    label: 'Existing Customer',
    expect: { type: 'service', status: 'reversal', value: '0.00', delta: '-100.00' },
  },
] as const;

/**
 * Crash safety of the rules service: a real child process, SIGKILLed while it works through
 * a stream of dispositions, then restarted. The decisions on conversions.v1 (read_committed)
 * and in the decisions table must be exactly the expected set: none lost, none twice.
 */
describe('rules service: exactly-once decisions across a SIGKILL', () => {
  const root = resolve(__dirname, '..', '..');
  const topics = new TopicClient<ConversionDecision>(
    process.env.KAFKA_BROKERS!,
    process.env.SCHEMA_REGISTRY_URL!,
    Topic.Conversions,
  );
  const db = new Client({ connectionString: process.env.DATABASE_URL });
  const run = randomUUID().slice(0, 8);
  let port: number;

  const service = () =>
    new ServiceProcess(
      'rules',
      port,
      {
        ...process.env,
        RULES_PORT: String(port),
        // These calls have no call events: every disposition also passes through the wait topic.
        RULES_CALL_WAIT_SECONDS: '1',
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        SCHEMA_REGISTRY_URL: process.env.SCHEMA_REGISTRY_URL!,
        DATABASE_URL: process.env.DATABASE_URL!,
      },
      root,
    );

  const disposition = (callId: string, label: string): Disposition => ({
    event_id: randomUUID(),
    call_id: callId,
    source_id: 'eos-test',
    disposition: label,
    raw_disposition: label,
    disposition_mapped: true,
    value: '100',
    currency: 'USD',
    occurred_at: new Date(),
    received_at: new Date(),
    custom_fields: {},
    traceparent: null,
  });

  beforeAll(async () => {
    port = await freePort();
    await db.connect();
  });

  afterAll(async () => {
    await topics.stop();
    await db.end();
  });

  it('neither loses nor duplicates a decision when the process is killed mid-stream', async () => {
    const calls = Array.from({ length: 40 }, (_, i) => `eos-${run}-${i}`);
    const events = calls.map((callId) =>
      SCRIPT.map((step) => ({ step, value: disposition(callId, step.label) })),
    );
    const expected = new Map(
      events
        .flat()
        .flatMap(({ step, value }) =>
          step.expect ? [[value.event_id, { call_id: value.call_id, ...step.expect }]] : [],
        ),
    );
    const ours = () => topics.received.filter((d) => d.call_id.startsWith(`eos-${run}-`));

    // First half of every call's script, then a crash while it is being decided.
    const first = service();
    first.start();
    await first.ready(); // it creates the topics on a fresh broker
    await topics.start([Topic.Dispositions]);
    const half = (from: number, to?: number) =>
      events.flatMap((call) => call.slice(from, to).map(({ value }) => ({ key: value.call_id, value })));
    await topics.produceMany(Topic.Dispositions, half(0, 2));
    await eventually(async () => (ours().length >= 20 ? true : null));
    await first.stop('SIGKILL');
    const seenAtKill = ours().length;
    expect(seenAtKill).toBeLessThan(expected.size);

    // The rest arrives while it is down; a new process picks up where the committed offsets say.
    await topics.produceMany(Topic.Dispositions, half(2));
    const second = service();
    second.start();
    try {
      await second.ready();
      // One sentinel per partition, after everything else: once each sentinel's decision is
      // read, every decision before it on that partition has been read too.
      const admin = topics.kafka.admin();
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: [Topic.Dispositions] });
      await admin.disconnect();
      const sentinels = sentinelCalls(run, metadata.topics[0].partitions.length);
      for (const callId of sentinels)
        await topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale'));
      for (const callId of sentinels) await topics.waitFor((d) => d.call_id === callId, 120_000);
    } finally {
      await second.stop();
    }

    const onTopic = ours();
    const byEvent = new Map(onTopic.map((d) => [d.event_id, d]));
    expect(byEvent.size).toBe(onTopic.length); // no event decided twice
    expect(new Set(byEvent.keys())).toEqual(new Set(expected.keys()));
    for (const [eventId, want] of expected) expect(byEvent.get(eventId)).toMatchObject(want);

    const { rows } = await db.query<{ event_id: string; decision_id: string }>(
      'SELECT event_id, decision_id FROM rules.decisions WHERE call_id LIKE $1',
      [`eos-${run}-%`],
    );
    expect(new Map(rows.map((r) => [r.event_id, r.decision_id]))).toEqual(
      new Map(onTopic.map((d) => [d.event_id, d.decision_id])),
    );
    const states = await db.query<{ type: string; value: string }>(
      'SELECT type, value FROM rules.conversions WHERE call_id LIKE $1',
      [`eos-${run}-%`],
    );
    expect(states.rows).toHaveLength(calls.length);
    expect(new Set(states.rows.map((r) => `${r.type}:${Number(r.value)}`))).toEqual(new Set(['service:0']));
  }, 300_000);
});

/** Call ids whose key lands on each of the topic's partitions, with the producer's partitioner. */
function sentinelCalls(run: string, partitions: number): string[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  const found = new Map<number, string>();
  for (let i = 0; found.size < partitions; i++) {
    const callId = `sentinel-${run}-${i}`;
    const partition = partitioner({
      topic: Topic.Dispositions,
      partitionMetadata,
      message: { key: callId, value: null },
    });
    if (!found.has(partition)) found.set(partition, callId);
  }
  return [...found.values()];
}
