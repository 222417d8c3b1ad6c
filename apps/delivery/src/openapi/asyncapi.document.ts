import { type Config } from '@postback/config';
import { Contracts, Topic, valueSubject } from '@postback/contracts';
import { deadLetterTopicFor, topicCatalog } from '@postback/kafka';
import { RetryHeader } from '../retrying/retry-headers';
import { retryTopics } from '../retrying/retry-tiers';
import { type TopicRole, topicRoles } from './topic-roles';

type Json = Record<string, unknown>;

const AVRO = 'application/vnd.apache.avro+json;version=1.9.0';
const text = (description: string): Json => ({ type: 'string', description });

const TRACE_HEADERS: Json = {
  traceparent: text('W3C trace context, carried from the ingest request through every topic and postback'),
};
const RETRY_HEADERS: Json = {
  [RetryHeader.Attempt]: text('attempts made so far'),
  [RetryHeader.DueAt]: text('epoch milliseconds when the job is due; the tier consumer pauses until then'),
  [RetryHeader.OriginalTopic]: text('the topic the delivery came from'),
  [RetryHeader.Error]: text('why the last attempt failed'),
  [RetryHeader.Tier]: text('the delay of this tier, e.g. 30s'),
  [RetryHeader.TierIndex]: text('the step of the retry schedule (0-based)'),
  [RetryHeader.IdempotencyKey]: text('the delivery id, sent as Idempotency-Key and webhook-id'),
};
const DLQ_HEADERS: Json = {
  'x-dlq-reason': text(
    'why the message could not be handled (not_wire_format, unknown_schema_id, undecodable_avro…)',
  ),
  'x-dlq-error': text('the error, at most 500 characters'),
  'x-dlq-original-topic': text('where the message came from'),
  'x-dlq-original-partition': text('its partition there'),
  'x-dlq-original-offset': text('its offset there'),
};

function headersOf(role: TopicRole): Json {
  const properties = {
    ...TRACE_HEADERS,
    ...(role.kind === 'retry' || role.kind === 'delivery-dlq' ? RETRY_HEADERS : {}),
    ...(role.kind === 'delivery-dlq' ? { [RetryHeader.DlqReason]: DLQ_HEADERS['x-dlq-reason'] } : {}),
    ...(role.kind === 'poison' ? DLQ_HEADERS : {}),
    ...(role.kind === 'wait'
      ? { 'x-wait-due-at': text('epoch milliseconds when the disposition is decided at the latest') }
      : {}),
  };
  return { type: 'object', properties };
}

const channelId = (topic: string): string => topic.replace(/[^A-Za-z0-9]+/g, '_');

/**
 * The topics as AsyncAPI 3: every topic of the catalogue (created at start-up with these
 * settings) with its Avro value schema, its key (call_id), headers and schema-registry subject.
 */
export function asyncApiDocument(config: Pick<Config, 'kafka'>, retrySchedule: string[]): Json {
  const catalog = topicCatalog(config.kafka, retrySchedule);
  const roles = topicRoles(retryTopics(retrySchedule), deadLetterTopicFor);
  const channels: Json = {};
  const operations: Json = {};
  for (const topic of catalog) {
    const role = roles.get(topic.topic);
    if (!role) throw new Error(`topic ${topic.topic} has no role in the AsyncAPI document`);
    const id = channelId(topic.topic);
    const contract = role.contract;
    channels[id] = {
      address: topic.topic,
      description: role.description,
      messages: {
        [contract]: {
          name: contract,
          contentType: 'application/octet-stream',
          summary: `${contract}, Avro in the Confluent wire format (magic byte, schema id, body)`,
          headers: headersOf(role),
          payload: { $ref: `#/components/schemas/${contract}` },
          'x-schema-registry-subject': valueSubject(topic.topic),
          bindings: {
            kafka: {
              key: text('call_id: one call’s messages stay in order on one partition'),
              schemaIdLocation: 'payload',
              schemaIdPayloadEncoding: 'confluent',
              schemaLookupStrategy: 'TopicIdStrategy',
              bindingVersion: '0.5.0',
            },
          },
        },
      },
      bindings: {
        kafka: {
          topic: topic.topic,
          partitions: topic.numPartitions,
          replicas: topic.replicationFactor,
          topicConfiguration: Object.fromEntries(
            (topic.configEntries ?? []).map(({ name, value }) =>
              name === 'cleanup.policy' ? [name, [value]] : [name, Number(value)],
            ),
          ),
          bindingVersion: '0.5.0',
        },
      },
    };
    const message = [{ $ref: `#/channels/${id}/messages/${contract}` }];
    operations[`${role.producer}_sends_${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${role.producer} produces`,
      messages: message,
    };
    if (role.consumer) {
      operations[`${role.consumer}_receives_${id}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${id}` },
        summary: `${role.consumer} consumes`,
        messages: message,
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Postback events',
      version: '1',
      description:
        `Every topic is created at start-up and keyed by call_id. Values are registered under \`<topic>-value\` ` +
        `(TopicNameStrategy, BACKWARD compatible) and encoded in the Confluent wire format. ` +
        `Consumers of ${Topic.Conversions} and ${Topic.PostbackOutcomes} read with isolation read_committed.`,
    },
    channels,
    operations,
    components: {
      schemas: Object.fromEntries(
        Object.entries(Contracts).map(([name, contract]) => [
          name,
          { schemaFormat: AVRO, schema: contract.schema },
        ]),
      ),
    },
  };
}
