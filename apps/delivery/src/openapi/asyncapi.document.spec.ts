import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@postback/config';
import { Contracts, TOPIC_CONTRACTS, Topic, valueSubject } from '@postback/contracts';
import { deadLetterTopicFor, topicCatalog } from '@postback/kafka';
import { asyncApiDocument } from './asyncapi.document';

type Message = {
  payload: { $ref: string };
  headers: { properties: Record<string, unknown> };
  'x-schema-registry-subject': string;
  bindings: { kafka: { key: { type: string } } };
};
type Channel = {
  address: string;
  messages: Record<string, Message>;
  bindings: { kafka: { partitions: number; topicConfiguration: Record<string, unknown> } };
};
type Document = {
  asyncapi: string;
  channels: Record<string, Channel>;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: { schemas: Record<string, { schemaFormat: string; schema: unknown }> };
};

const avsc = (file: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../../../../libs/contracts/src/avro', file), 'utf8'));
const FILES: Record<string, string> = {
  CallEvent: 'call-event.avsc',
  Disposition: 'disposition.avsc',
  ConversionDecision: 'conversion-decision.avsc',
  DeliveryJob: 'delivery-job.avsc',
  DeliveryOutcome: 'delivery-outcome.avsc',
};

describe.each([['30s,2m,10m,1h,6h'], ['1s,2s,1s']])(
  'the AsyncAPI document (retry schedule %s)',
  (schedule) => {
    const config = loadConfig({ DELIVERY_RETRY_SCHEDULE: schedule, KAFKA_TOPIC_PARTITIONS: '6' });
    const retrySchedule = config.delivery.retrySchedule;
    const document = asyncApiDocument(config, retrySchedule) as unknown as Document;
    const catalog = topicCatalog(config.kafka, retrySchedule);
    const channels = Object.values(document.channels);
    const byAddress = new Map(channels.map((channel) => [channel.address, channel]));
    const only = (channel: Channel): Message => Object.values(channel.messages)[0];
    const payloadOf = (channel: Channel) =>
      document.components.schemas[only(channel).payload.$ref.replace('#/components/schemas/', '')];

    it('is AsyncAPI 3 with one channel per topic of the catalogue, no more', () => {
      expect(document.asyncapi).toBe('3.0.0');
      expect(channels.map((channel) => channel.address).sort()).toEqual(catalog.map((t) => t.topic).sort());
    });

    it('gives every topic its Avro value schema, as in libs/contracts', () => {
      for (const [name, file] of Object.entries(FILES)) {
        expect(document.components.schemas[name]).toEqual({
          schemaFormat: 'application/vnd.apache.avro+json;version=1.9.0',
          schema: avsc(file),
        });
      }
      for (const topic of Object.values(Topic)) {
        expect(payloadOf(byAddress.get(topic)!).schema).toEqual(TOPIC_CONTRACTS[topic].schema);
      }
      for (const topic of catalog.map((t) => t.topic).filter((t) => /^postbacks\.retry\.\w+$/.test(t))) {
        const { schema } = payloadOf(byAddress.get(topic)!);
        expect(schema).toEqual(Contracts.DeliveryJob.schema);
        expect(payloadOf(byAddress.get(deadLetterTopicFor(topic))!).schema).toEqual(schema);
      }
      expect(payloadOf(byAddress.get(deadLetterTopicFor(Topic.Conversions))!).schema).toEqual(
        Contracts.ConversionDecision.schema,
      );
    });

    it('names each subject, the call_id key, the headers and the settings of each topic', () => {
      for (const topic of catalog) {
        const channel = byAddress.get(topic.topic)!;
        const message = only(channel);
        expect(message['x-schema-registry-subject']).toBe(valueSubject(topic.topic));
        expect(message.bindings.kafka.key.type).toBe('string');
        expect(message.headers.properties).toHaveProperty('traceparent');
        expect(channel.bindings.kafka.partitions).toBe(6);
        const retention = topic.configEntries!.find((entry) => entry.name === 'retention.ms')!.value;
        expect(channel.bindings.kafka.topicConfiguration['retention.ms']).toBe(Number(retention));
      }
      const retry = only(byAddress.get(`postbacks.retry.${retrySchedule[0]}`)!).headers.properties;
      expect(Object.keys(retry)).toEqual(
        expect.arrayContaining([
          'x-retry-attempt',
          'x-retry-due-at',
          'x-retry-original-topic',
          'idempotency-key',
        ]),
      );
      expect(only(byAddress.get(Topic.DispositionsDlq)!).headers.properties).toHaveProperty('x-dlq-reason');
      expect(only(byAddress.get(Topic.DispositionsWait)!).headers.properties).toHaveProperty('x-wait-due-at');
    });

    it('has every operation point at a channel of the document', () => {
      const operations = Object.values(document.operations);
      for (const operation of operations) {
        expect(document.channels).toHaveProperty(operation.channel.$ref.replace('#/channels/', ''));
      }
      const sent = new Set(operations.filter((o) => o.action === 'send').map((o) => o.channel.$ref));
      expect(sent.size).toBe(channels.length);
    });
  },
);
