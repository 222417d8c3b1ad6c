import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { AVRO_LOGICAL_TYPES, type AvroContract, valueSubject } from '@postback/contracts';

/**
 * Avro values in the Confluent wire format (magic byte + schema id + body), with
 * schemas registered under TopicNameStrategy subjects and BACKWARD compatibility.
 */
export class AvroSerde {
  private readonly registry: SchemaRegistry;
  private readonly ids = new Map<string, number>();

  constructor(private readonly registryUrl: string) {
    this.registry = new SchemaRegistry(
      { host: registryUrl },
      { [SchemaType.AVRO]: { logicalTypes: AVRO_LOGICAL_TYPES } },
    );
  }

  /** Registers the topic's value schema (idempotent) and remembers its id for encoding. */
  async register(topic: string, contract: AvroContract<unknown>): Promise<number> {
    const subject = valueSubject(topic);
    await this.setCompatibility(subject, 'BACKWARD');
    const schema = { type: SchemaType.AVRO as const, schema: JSON.stringify(contract.schema) };
    // Services start together: a registry may refuse the loser of a race to create the same
    // subject ("already exists"); asking again finds the winner's version.
    for (let attempt = 1; ; attempt++) {
      try {
        const { id } = await this.registry.register(schema, { subject });
        this.ids.set(topic, id);
        return id;
      } catch (error) {
        if (attempt === 3 || !/already exists/i.test(String((error as Error).message))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }

  async encode<T>(topic: string, value: T): Promise<Buffer> {
    const id = this.ids.get(topic);
    if (id === undefined)
      throw new Error(`no schema registered for topic ${topic}; call register() at start-up`);
    return this.registry.encode(id, value);
  }

  /** Decodes with the writer's schema, fetched by the id in the message (and cached). */
  async decode<T>(buffer: Buffer): Promise<T> {
    return (await this.registry.decode(buffer)) as T;
  }

  /** Ready when the registry answers its config route within the timeout. */
  async ping(timeoutMs = 2000): Promise<void> {
    const response = await fetch(`${this.registryUrl}/config`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`schema registry answered HTTP ${response.status}`);
  }

  /**
   * Sets the subject's compatibility level. Services start together and race: a registry
   * may answer 409 to the loser, which is fine once the level reads back as wanted.
   */
  private async setCompatibility(subject: string, level: 'BACKWARD'): Promise<void> {
    const url = `${this.registryUrl}/config/${encodeURIComponent(subject)}`;
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ compatibility: level }),
      });
      if (response.ok) return;
      const current: Record<string, string> = await fetch(url).then((r) => (r.ok ? r.json() : {}));
      if ((current.compatibilityLevel ?? current.compatibility) === level) return;
      if (attempt === 3) {
        throw new Error(
          `schema registry refused compatibility ${level} for ${subject}: HTTP ${response.status}`,
        );
      }
    }
  }
}
