import { randomUUID } from 'node:crypto';
import { TOPIC_CONTRACTS, Topic } from '@postback/contracts';
import { RulesHarness, callEvent, disposition } from '../support/rules-harness';
import { collectRaw, eventually } from '../support/topic-client';

/**
 * What the rules service does with dispositions it cannot decide at once: a call not known
 * yet waits (bounded) on dispositions.wait, a poison message goes to the dead-letter topic.
 */
describe('rules service: waiting for call events, dead letters', () => {
  const rules = new RulesHarness({ RULES_CALL_WAIT_SECONDS: '8' });
  const campaignId = `camp-${randomUUID().slice(0, 8)}`;

  beforeAll(() => rules.start(), 180_000);
  afterAll(() => rules.stop(), 60_000);

  it('decides a disposition for a call it never heard of as unmatched, once the wait is over', async () => {
    const callId = `call-${randomUUID()}`;
    const sent = Date.now();
    await rules.topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '42' }));
    const decision = await rules.topics.waitFor((d) => d.call_id === callId);
    expect(decision).toMatchObject({
      type: 'conversion',
      value: '42.00',
      attribution: 'unmatched',
      campaign_id: null,
      rule_id: '0b1c1a3e-5a1e-4c0a-9a01-000000000001',
    });
    expect(decision.decided_at.getTime() - sent).toBeGreaterThanOrEqual(8000);
  });

  it('lets a disposition wait for call events that come late, keeping the call in order', async () => {
    const callId = `call-${randomUUID()}`;
    const sent = Date.now();
    await rules.topics.produce(
      Topic.Dispositions,
      callId,
      disposition(callId, 'Qualified Lead', { value: '80' }),
    );
    await rules.topics.produce(
      Topic.CallEvents,
      callId,
      callEvent(callId, campaignId, { type: 'ended', duration_seconds: 12 }),
    );
    await eventually(async () => {
      const { rows } = await rules.db.query('SELECT 1 FROM rules.calls WHERE call_id = $1', [callId]);
      return rows[0];
    });
    // The call is known now, but its first disposition still waits: this one queues behind it.
    await rules.topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '80' }));
    const upgrade = await rules.topics.waitFor((d) => d.call_id === callId && d.status === 'upgrade');
    // Released once the call ended, not held for the whole 8 s wait.
    expect(upgrade.decided_at.getTime() - sent).toBeLessThan(8000);
    expect(rules.topics.received.filter((d) => d.call_id === callId)).toEqual([
      expect.objectContaining({
        type: 'partial',
        status: 'new',
        value: '40.00',
        attribution: 'matched',
        campaign_id: campaignId,
      }),
      expect.objectContaining({
        type: 'conversion',
        status: 'upgrade',
        delta: '40.00',
        attribution: 'matched',
      }),
    ]);
    const { rows } = await rules.db.query('SELECT 1 FROM rules.waiting_dispositions WHERE call_id = $1', [
      callId,
    ]);
    expect(rows).toEqual([]);
  });

  it('dead-letters undecodable dispositions with the reason and goes on with the partition', async () => {
    const callId = `call-${randomUUID()}`;
    const unknownSchemaId = Buffer.concat([Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0]), Buffer.from('payload')]);
    await rules.topics.produceRaw(Topic.Dispositions, callId, Buffer.from('{"not":"avro"}'));
    await rules.topics.produceRaw(Topic.Dispositions, callId, unknownSchemaId);
    const knownId = await rules.topics.serde.register(
      Topic.Dispositions,
      TOPIC_CONTRACTS[Topic.Dispositions],
    );
    const header = Buffer.alloc(5);
    header.writeInt32BE(knownId, 1);
    const badBody = Buffer.concat([header, Buffer.alloc(8, 0xff)]);
    await rules.topics.produceRaw(Topic.Dispositions, callId, badBody);
    await rules.topics.produce(Topic.Dispositions, callId, disposition(callId, 'Sale', { value: '9' }));

    // Same key, same partition, produced after the poison: its decision proves nothing blocked.
    expect(await rules.topics.waitFor((d) => d.call_id === callId)).toMatchObject({ value: '9.00' });
    const dead = await collectRaw(
      rules.topics.kafka,
      Topic.DispositionsDlq,
      (records) => records.filter((r) => r.key === callId).length === 3,
    );
    const ours = dead.filter((r) => r.key === callId);
    expect(ours.map((r) => r.headers['x-dlq-reason'])).toEqual([
      'not_wire_format',
      'unknown_schema_id',
      'undecodable_avro',
    ]);
    expect(ours[0].value?.toString()).toBe('{"not":"avro"}');
    expect(ours[1].value?.equals(unknownSchemaId)).toBe(true);
    expect(ours[1].headers['x-dlq-original-topic']).toBe(Topic.Dispositions);

    const metrics = await (await fetch(`${rules.service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /postback_rules_dead_letters_total\{[^}]*reason="unknown_schema_id"[^}]*\} [1-9]/,
    );
  });
});
