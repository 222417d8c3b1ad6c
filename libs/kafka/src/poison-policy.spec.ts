import { type KafkaMessage, type Message } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { PermanentMessageError } from './handler-failure';
import { KafkaConsumerMetrics } from './kafka-consumer.metrics';
import { PoisonPolicy } from './poison-policy';

describe('PoisonPolicy', () => {
  const message = {
    offset: '42',
    key: Buffer.from('call-1'),
    value: Buffer.from('v'),
    headers: {},
  } as unknown as KafkaMessage;
  const origin = { groupId: 'g', topic: 't', partition: 2, message };
  const setup = () => {
    const registry = new Registry();
    const waits: number[] = [];
    const policy = new PoisonPolicy(
      pino({ level: 'silent' }),
      { maxAttempts: 3, backoff: { initialMs: 100, maxMs: 400 } },
      new KafkaConsumerMetrics(registry),
      async (ms) => void waits.push(ms),
      () => 1,
    );
    const dead: Message[] = [];
    const hooks = { heartbeat: async () => undefined, isRunning: () => true };
    const deadLetters = async () =>
      (await registry.getSingleMetric('postback_kafka_dead_letters_total')!.get()).values;
    return { policy, waits, dead, sink: (m: Message) => void dead.push(m), hooks, deadLetters };
  };
  const failing = (...errors: unknown[]) => {
    let calls = 0;
    const handle = async () => {
      const error = errors[Math.min(calls++, errors.length - 1)];
      if (error) throw error;
    };
    return { handle, calls: () => calls };
  };

  it('handles a message that succeeds, dead-letters nothing', async () => {
    const { policy, dead, sink, hooks } = setup();
    expect(await policy.handle(origin, async () => undefined, sink, hooks)).toBe(true);
    expect(dead).toEqual([]);
  });

  it('dead-letters a permanent failure at once, with its reason, origin and a metric', async () => {
    const { policy, dead, sink, hooks, waits, deadLetters } = setup();
    const nul = Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
    expect(await policy.handle(origin, failing(nul).handle, sink, hooks)).toBe(false);
    expect(waits).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(dead[0].value).toEqual(Buffer.from('v'));
    expect(dead[0].headers).toMatchObject({
      'x-dlq-reason': 'database_data_error',
      'x-dlq-error': 'unsupported Unicode escape sequence',
      'x-dlq-original-topic': 't',
      'x-dlq-original-partition': '2',
      'x-dlq-original-offset': '42',
    });
    expect(await deadLetters()).toEqual([
      { labels: { group: 'g', topic: 't', reason: 'database_data_error' }, value: 1 },
    ]);
  });

  it('dead-letters a typed permanent error with the reason the app gave', async () => {
    const { policy, dead, sink, hooks } = setup();
    await policy.handle(origin, failing(new PermanentMessageError('bad', 'no_campaign')).handle, sink, hooks);
    expect(dead[0].headers).toMatchObject({ 'x-dlq-reason': 'no_campaign' });
  });

  it('retries an unknown failure with backoff and dead-letters it after maxAttempts in a row', async () => {
    const { policy, dead, sink, hooks, waits } = setup();
    const run = failing(new TypeError('boom'));
    expect(await policy.handle(origin, run.handle, sink, hooks)).toBe(false);
    expect(run.calls()).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(dead[0].headers).toMatchObject({ 'x-dlq-reason': 'repeated_failure', 'x-dlq-error': 'boom' });
  });

  it('handles a message that succeeds after failing fewer times than the bound', async () => {
    const { policy, dead, sink, hooks } = setup();
    const run = failing(new TypeError('once'), null);
    expect(await policy.handle(origin, run.handle, sink, hooks)).toBe(true);
    expect(run.calls()).toBe(2);
    expect(dead).toEqual([]);
  });

  it('retries a transient failure (database away) beyond the bound, never dead-letters it', async () => {
    const { policy, dead, sink, hooks, waits } = setup();
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const run = failing(down, down, down, down, down, down, null);
    expect(await policy.handle(origin, run.handle, sink, hooks)).toBe(true);
    expect(run.calls()).toBe(7);
    expect(waits).toEqual([100, 200, 400, 400, 400, 400]);
    expect(dead).toEqual([]);
  });

  it('gives the error back once the consumer stops, so that the message is fetched again', async () => {
    const { policy, dead, sink } = setup();
    const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const hooks = { heartbeat: async () => undefined, isRunning: () => false };
    await expect(policy.handle(origin, failing(down).handle, sink, hooks)).rejects.toBe(down);
    expect(dead).toEqual([]);
  });

  it('tells a batch caller to go one by one at the first non-transient failure, retrying transient ones', async () => {
    const { policy, hooks, waits } = setup();
    const down = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(await policy.attemptBatch(origin, failing(down, null).handle, hooks)).toBe(true);
    expect(waits).toEqual([100]);
    expect(await policy.attemptBatch(origin, failing(new TypeError('poison inside')).handle, hooks)).toBe(
      false,
    );
  });
});
