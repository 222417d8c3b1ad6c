import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { consume } from './consume-options';
import { type ConsumedEvent, type ConsumerSpec, type EventConsumers } from './event-consumers';
import { KafkaController } from './kafka-controller.decorator';
import { KafkaEventContext } from './kafka-event.context';
import { KafkaTransport, type KafkaTransportDeps } from './kafka-transport';

class DataFailure extends Error {}

@KafkaController()
class CallHandlers {
  readonly seen: unknown[] = [];

  @EventPattern('calls.v1', consume({ group: 'calls' }))
  async one(@Payload() value: string, @Ctx() context: KafkaEventContext): Promise<void> {
    if (value === 'bad') throw new DataFailure('bad data');
    this.seen.push([value, context.getTopic(), context.getHeaders()]);
  }

  @EventPattern('retry.*', consume({ group: 'batches', batch: true }))
  async many(@Payload() values: string[], @Ctx() context: KafkaEventContext): Promise<void> {
    this.seen.push([values, context.getEvents().map((event) => event.topic)]);
  }
}

@Controller()
class WithoutTheFilter {
  @EventPattern('plain.v1', consume({ group: 'plain' }))
  fail(): void {
    throw new Error('the cause');
  }
}

@Module({ controllers: [CallHandlers, WithoutTheFilter] })
class HandlersModule {}

const event = (topic: string, value: string): ConsumedEvent<unknown> => ({
  topic,
  partition: 0,
  offset: '1',
  key: 'k',
  value,
  headers: { h: '1' },
});

describe('KafkaTransport', () => {
  it('starts one engine consumer per @EventPattern handler and calls it through Nest with its context', async () => {
    const specs: ConsumerSpec<unknown>[] = [];
    const events = {
      start: jest.fn(async (spec: ConsumerSpec<unknown>) => void specs.push(spec)),
      stopAll: jest.fn(async () => undefined),
    };
    const transport = new KafkaTransport({
      events: events as unknown as EventConsumers,
      topics: ['calls.v1', 'retry.1s', 'retry.2m', 'retry.1s.dlq', 'plain.v1'],
    } as unknown as KafkaTransportDeps);
    const app = await NestFactory.create(HandlersModule, new FastifyAdapter(), { logger: false });
    app.connectMicroservice({ strategy: transport });
    await app.startAllMicroservices();
    const spec = (group: string) => specs.find((candidate) => candidate.groupId === group)!;
    const handlers = app.get(CallHandlers);

    expect(spec('calls').topics).toEqual(['calls.v1']);
    await spec('calls').handle(event('calls.v1', 'a'));
    expect(handlers.seen).toEqual([['a', 'calls.v1', { h: '1' }]]);
    // The poison policy decides on the error as thrown (here: unknown, retried, then dead-lettered).
    await expect(spec('calls').handle(event('calls.v1', 'bad'))).rejects.toBeInstanceOf(DataFailure);

    expect(spec('batches').topics).toEqual(['retry.1s', 'retry.2m']);
    await spec('batches').handleBatch!([event('retry.1s', 'x'), event('retry.2m', 'y')]);
    await spec('batches').handle(event('retry.1s', 'z'));
    expect(handlers.seen.slice(1)).toEqual([
      [
        ['x', 'y'],
        ['retry.1s', 'retry.2m'],
      ],
      [['z'], ['retry.1s']],
    ]);

    await expect(spec('plain').handle(event('plain.v1', 'q'))).rejects.toThrow(
      "@EventPattern('plain.v1') failed; put @KafkaController() on its class to see why",
    );

    await app.close();
    await transport.close();
    expect(events.stopAll).toHaveBeenCalledTimes(1);
  });

  it('stops a consumer that was still joining its group when the transport closed', async () => {
    let joined!: () => void;
    const running = new Set<string>();
    const events = {
      start: jest.fn(async (spec: ConsumerSpec<unknown>) => {
        await new Promise<void>((resolve) => (joined = resolve));
        running.add(spec.groupId);
      }),
      stopAll: jest.fn(async () => running.clear()),
    };
    const transport = new KafkaTransport({
      events: events as unknown as EventConsumers,
      topics: ['calls.v1', 'retry.1s', 'plain.v1'],
    } as unknown as KafkaTransportDeps);
    const app = await NestFactory.create(HandlersModule, new FastifyAdapter(), { logger: false });
    app.connectMicroservice({ strategy: transport });
    const starting = app.startAllMicroservices();
    await new Promise((resolve) => setImmediate(resolve));
    await transport.close(); // SIGTERM while the first consumer joins
    joined();
    await starting;
    expect(events.start).toHaveBeenCalledTimes(1); // nothing more joined after the close
    expect(running.size).toBe(0);
    await app.close();
  });
});
