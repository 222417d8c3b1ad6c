import { randomUUID } from 'node:crypto';
import { Contracts, type Disposition, Topic } from '@postback/contracts';
import { AvroSerde } from '@postback/kafka';

/** Against the real registry (Apicurio ccompat API on the local stack, Confluent in containers). */
describe('schema registry serde', () => {
  const url = process.env.SCHEMA_REGISTRY_URL!;
  const serde = new AvroSerde(url);
  const subjectUrl = (topic: string) => `${url}/config/${encodeURIComponent(`${topic}-value`)}`;

  it('registers under the TopicNameStrategy subject with BACKWARD compatibility', async () => {
    const id = await serde.register(Topic.Dispositions, Contracts.Disposition);
    expect(id).toBeGreaterThan(0);
    expect(await serde.register(Topic.Dispositions, Contracts.Disposition)).toBe(id);

    const versions = await fetch(`${url}/subjects/dispositions.v1-value/versions`);
    expect(versions.status).toBe(200);
    const config = (await (await fetch(subjectUrl(Topic.Dispositions))).json()) as Record<string, string>;
    expect(config.compatibilityLevel ?? config.compatibility).toBe('BACKWARD');
  });

  it('round-trips a value in the Confluent wire format (magic byte, schema id)', async () => {
    const id = await serde.register(Topic.Dispositions, Contracts.Disposition);
    const value: Disposition = {
      event_id: randomUUID(),
      call_id: 'c-1',
      source_id: 'default',
      disposition: 'Sale',
      raw_disposition: 'Sale',
      disposition_mapped: true,
      value: '125.50',
      currency: 'USD',
      occurred_at: new Date('2026-11-30T10:15:00Z'),
      received_at: new Date('2026-11-30T10:15:01Z'),
      custom_fields: { agent: 'a7' },
      traceparent: null,
    };
    const encoded = await serde.encode(Topic.Dispositions, value);
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await serde.decode(encoded)).toEqual(value);
  });

  it('refuses a schema change that old readers could not handle', async () => {
    const topic = `compat-test-${randomUUID()}`;
    const v1 = { ...Contracts.DeliveryJob, schema: { ...Contracts.DeliveryJob.schema } };
    await serde.register(topic, v1);
    const fields = (v1.schema.fields as object[]).concat({
      name: 'required_without_default',
      type: 'string',
    });
    const incompatible = { ...v1, schema: { ...v1.schema, fields } };
    await expect(serde.register(topic, incompatible)).rejects.toThrow(/incompatible|409/i);

    const compatible = {
      ...v1,
      schema: {
        ...v1.schema,
        fields: (v1.schema.fields as object[]).concat({
          name: 'note',
          type: ['null', 'string'],
          default: null,
        }),
      },
    };
    await expect(serde.register(topic, compatible)).resolves.toBeGreaterThan(0);
  });

  it('takes the DeliveryOutcome with its optional target after the version without it (BACKWARD)', async () => {
    const topic = `outcome-compat-${randomUUID()}`;
    const current = Contracts.DeliveryOutcome;
    const fields = current.schema.fields as { name: string }[];
    expect(fields.map((field) => field.name)).toContain('target');
    const before = {
      ...current,
      schema: { ...current.schema, fields: fields.filter((f) => f.name !== 'target') },
    };
    await serde.register(topic, before);
    await expect(serde.register(topic, current)).resolves.toBeGreaterThan(0);
  });
});
