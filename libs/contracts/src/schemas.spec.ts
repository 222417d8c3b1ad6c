import * as avro from 'avsc';
import { Contracts, TOPIC_CONTRACTS } from './schemas';
import { AVRO_LOGICAL_TYPES } from './timestamp-millis.type';
import { Topic, retryTopic, valueSubject } from './topics';

describe('Avro contracts', () => {
  it.each(Object.entries(Contracts))('%s parses as a valid Avro schema', (_name, contract) => {
    expect(() => avro.Type.forSchema(contract.schema as avro.Schema)).not.toThrow();
  });

  it('maps every fixed topic to a contract', () => {
    expect(Object.keys(TOPIC_CONTRACTS).sort()).toEqual(Object.values(Topic).sort());
  });

  it('round-trips a disposition, keeping timestamps and custom fields', () => {
    const type = avro.Type.forSchema(Contracts.Disposition.schema as avro.Schema, {
      logicalTypes: AVRO_LOGICAL_TYPES,
    });
    const value = {
      event_id: 'e1',
      call_id: 'c1',
      source_id: 's1',
      disposition: 'Sale',
      raw_disposition: 'SALE ',
      disposition_mapped: true,
      value: '125.50',
      currency: 'USD',
      occurred_at: new Date('2026-11-30T10:00:00Z'),
      received_at: new Date('2026-11-30T10:00:01Z'),
      custom_fields: { agent: 'a7' },
      traceparent: null,
    };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });

  it('gives every field added after the first version a default (BACKWARD readers)', () => {
    const decision = Contracts.ConversionDecision.schema as { fields: { name: string; default?: unknown }[] };
    const optional = decision.fields.filter((f) => f.name === 'follow_up' || f.name === 'traceparent');
    expect(optional.every((f) => 'default' in f)).toBe(true);
  });
});

describe('topic names', () => {
  it('names retry tiers and refuses malformed ones', () => {
    expect(retryTopic('30s')).toBe('postbacks.retry.30s');
    expect(() => retryTopic('soon')).toThrow(/retry tier/);
  });

  it('uses TopicNameStrategy subjects', () => {
    expect(valueSubject(Topic.Dispositions)).toBe('dispositions.v1-value');
  });
});
