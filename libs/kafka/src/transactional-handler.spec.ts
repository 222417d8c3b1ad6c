import { type KafkaMessage, type Message } from 'kafkajs';
import pino from 'pino';
import { type AvroSerde } from './avro-serde';
import { PoisonPolicy } from './poison-policy';
import { TransactionalHandler } from './transactional-handler';

describe('TransactionalHandler', () => {
  const message = (offset: string, value: string | null): KafkaMessage =>
    ({
      offset,
      key: Buffer.from('k'),
      value: value === null ? null : Buffer.from(value),
      headers: {},
    }) as KafkaMessage;
  const serde = {
    decode: async (bytes: Buffer) => {
      if (bytes.toString() === 'garbage') throw new RangeError('not wire format');
      return { id: bytes.toString() };
    },
    encode: async (_topic: string, value: { id: string }) => Buffer.from(`out-${value.id}`),
  } as unknown as AvroSerde;
  const policy = new PoisonPolicy(
    pino({ level: 'silent' }),
    { maxAttempts: 2, backoff: { initialMs: 1, maxMs: 1 } },
    undefined,
    async () => undefined,
  );
  const hooks = { heartbeat: async () => undefined, isRunning: () => true };
  const output = () => {
    const sent: Record<string, string[]> = {};
    const sink = (topic: string, messages: Message[]) =>
      (sent[topic] ??= []).push(...messages.map((m) => String(m.value)));
    return { sent, sink };
  };

  it('isolates the poison message of a failed batch: the rest are handled, only it is dead-lettered', async () => {
    const handled: string[] = [];
    const deadReasons: string[] = [];
    const handler = new TransactionalHandler<{ id: string }>(
      {
        groupId: 'rules',
        topics: ['in'],
        transactionalIdPrefix: 'x',
        deadLetterTopic: 'in.dlq',
        handle: async () => undefined,
        handleBatch: async (events, outbox) => {
          // Output sent before the failure must not reach the transaction.
          await outbox.send(
            'out',
            events.map((e) => ({ key: 'k', value: e.value })),
          );
          if (events.some((e) => e.value.id === 'nul')) {
            throw Object.assign(new Error('invalid byte sequence'), { code: '22021' });
          }
          handled.push(...events.map((e) => e.value.id));
        },
        onDeadLetter: (reason) => void deadReasons.push(reason),
      },
      serde,
      policy,
    );
    const { sent, sink } = output();
    await handler.processAll(
      sink,
      'in',
      0,
      [message('1', 'a'), message('2', 'nul'), message('3', 'garbage'), message('4', 'b')],
      hooks,
    );
    expect(handled).toEqual(['a', 'b']);
    expect(sent.out).toEqual(['out-a', 'out-b']);
    expect(sent['in.dlq']).toEqual(['garbage', 'nul']);
    expect(deadReasons).toEqual(['not_wire_format', 'database_data_error']);
  });

  it('keeps the output of a handler try that failed out of the transaction, and that of the one that succeeded', async () => {
    let tries = 0;
    const handler = new TransactionalHandler<{ id: string }>(
      {
        groupId: 'g',
        topics: ['in'],
        transactionalIdPrefix: 'x',
        deadLetterTopic: 'in.dlq',
        handle: async (event, outbox) => {
          await outbox.send('out', [{ key: 'k', value: event.value }]);
          if (tries++ === 0) throw new TypeError('first try fails');
        },
      },
      serde,
      policy,
    );
    const { sent, sink } = output();
    await handler.process(sink, 'in', 0, message('1', 'a'), hooks);
    expect(sent).toEqual({ out: ['out-a'] });
  });
});
