import { type Disposition, Topic } from '@postback/contracts';
import { randomUUID } from 'node:crypto';
import { RulesHarness, disposition } from '../support/rules-harness';
import { eventually } from '../support/topic-client';
import { TopicReader } from '../support/topic-reader';

/**
 * One poison policy, against the real Kafka and PostgreSQL: a disposition that PostgreSQL
 * refuses (a NUL in a custom field: jsonb answers 22P05) goes to dispositions.dlq with its
 * reason, and the dispositions after it on its partition (here in the same batch) are decided.
 */
describe('rules: a disposition PostgreSQL refuses does not stop its partition', () => {
  const rules = new RulesHarness({ RULES_CALL_WAIT_SECONDS: '0' });
  const dlq = new TopicReader<Disposition>(Topic.DispositionsDlq);

  beforeAll(async () => {
    await rules.start();
    await dlq.start();
  }, 180_000);

  afterAll(async () => {
    await dlq.stop();
    await rules.stop();
  }, 60_000);

  it('dead-letters the disposition with a NUL, with its reason, and decides the ones after it', async () => {
    const callId = `poison-${randomUUID()}`;
    const sale = disposition(callId, 'Sale', { value: '100' });
    const poison = disposition(callId, 'Qualified Lead', {
      value: '100',
      custom_fields: { note: 'a\u0000b' },
    });
    const marker = disposition(callId, 'Sale', { value: '300' });
    await rules.topics.produceMany(
      Topic.Dispositions,
      [sale, poison, marker].map((value) => ({ key: callId, value })),
    );

    await rules.topics.waitFor((d) => d.event_id === marker.event_id, 90_000);
    const decided = rules.topics.received.filter((d) => d.call_id === callId);
    expect(decided.map((d) => [d.event_id, d.status, d.value])).toEqual([
      [sale.event_id, 'new', '100.00'],
      [marker.event_id, 'upgrade', '300.00'],
    ]);
    const dead = await eventually(async () => dlq.messages.find((m) => m.value.event_id === poison.event_id));
    expect(dead.headers).toMatchObject({
      'x-dlq-reason': 'database_data_error',
      'x-dlq-original-topic': Topic.Dispositions,
    });
    expect(dead.headers['x-dlq-original-offset']).toMatch(/^\d+$/);
    // Kept in the decisions' transaction: the refused one's rolled back with it.
    const { rows: kept } = await rules.db.query<{ event_id: string }>(
      'SELECT event_id FROM rules.kept_dispositions WHERE call_id = $1 ORDER BY seq',
      [callId],
    );
    expect(kept.map((row) => row.event_id)).toEqual([sale.event_id, marker.event_id]);
    const metrics = await (await fetch(`${rules.service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /postback_kafka_dead_letters_total\{[^}]*group="postback-rules"[^}]*reason="database_data_error"[^}]*\} [1-9]/,
    );
  }, 180_000);

  it('decides and keeps a disposition with a NUL that no decision stores (the same outcome again)', async () => {
    const callId = `nul-kept-${randomUUID()}`;
    const sale = disposition(callId, 'Sale', { value: '100' });
    const again = disposition(callId, 'Sale', {
      value: '100',
      raw_disposition: 'Sale\u0000',
      custom_fields: { 'n\u0000': 'a\u0000b' },
    });
    const marker = disposition(callId, 'Sale', { value: '300' });
    await rules.topics.produceMany(
      Topic.Dispositions,
      [sale, again, marker].map((value) => ({ key: callId, value })),
    );

    await rules.topics.waitFor((d) => d.event_id === marker.event_id, 90_000);
    const kept = await eventually(async () => {
      const { rows } = await rules.db.query<{ event_id: string; disposition: Disposition }>(
        'SELECT event_id, disposition FROM rules.kept_dispositions WHERE call_id = $1 ORDER BY seq',
        [callId],
      );
      return rows.length === 3 ? rows : undefined;
    });
    expect(kept.map((row) => row.event_id)).toEqual([sale.event_id, again.event_id, marker.event_id]);
    expect(kept[1].disposition).toMatchObject({
      raw_disposition: 'Sale\ufffd',
      custom_fields: { 'n\ufffd': 'a\ufffdb' },
    });
    expect(dlq.messages.filter((m) => m.value.event_id === again.event_id)).toEqual([]);
  }, 180_000);
});
