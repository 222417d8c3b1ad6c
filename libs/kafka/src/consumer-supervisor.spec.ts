import { EventEmitter } from 'node:events';
import { type Consumer } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { ConsumerSupervisor } from './consumer-supervisor';
import { KafkaConsumerMetrics } from './kafka-consumer.metrics';
import { type SupervisorClock } from './supervised-consumer';

/** A kafkajs consumer stand-in: CRASH can be emitted, run() can be made to fail. */
function fakeConsumer(): Consumer & { crash(error: Error): void; disconnected: boolean } {
  const emitter = new EventEmitter();
  const fake = {
    events: { CRASH: 'consumer.crash' },
    disconnected: false,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
    disconnect: async () => {
      fake.disconnected = true;
    },
    crash: (error: Error) =>
      emitter.emit('consumer.crash', { payload: { error, groupId: 'g', restart: false } }),
  };
  return fake as unknown as Consumer & { crash(error: Error): void; disconnected: boolean };
}

/** Time moves only when the test says so; timers fire in order of their due time. */
class FakeClock implements SupervisorClock {
  time = 0;
  timers: { at: number; run: () => void }[] = [];
  now = () => this.time;
  random = () => 1;
  setTimeout = (run: () => void, ms: number) => {
    const timer = { at: this.time + ms, run };
    this.timers.push(timer);
    return timer;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer !== handle);
  };
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const timer of this.timers.filter((t) => t.at <= this.time)) {
      this.timers = this.timers.filter((t) => t !== timer);
      timer.run();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  pendingDelays(): number[] {
    return this.timers.map((timer) => timer.at - this.time);
  }
}

describe('ConsumerSupervisor', () => {
  const setup = (runs: (() => Promise<void>)[]) => {
    const clock = new FakeClock();
    const registry = new Registry();
    const metrics = new KafkaConsumerMetrics(registry);
    const supervisor = new ConsumerSupervisor(
      pino({ level: 'silent' }),
      { backoff: { initialMs: 100, maxMs: 1000 }, livenessMs: 5000 },
      metrics,
      clock,
    );
    const created: ReturnType<typeof fakeConsumer>[] = [];
    const spec = {
      groupId: 'group-a',
      create: () => {
        const consumer = fakeConsumer();
        created.push(consumer);
        return consumer;
      },
      run: () => (runs.shift() ?? (() => Promise.resolve()))(),
    };
    const metric = async (name: string) =>
      (await registry.getSingleMetric(name)!.get()).values.find((v) => v.labels.group === 'group-a')?.value ??
      0;
    return { clock, supervisor, created, spec, metric };
  };

  it('recreates a crashed consumer after the backoff, counts the restart and reports it meanwhile', async () => {
    const { clock, supervisor, created, spec, metric } = setup([]);
    await supervisor.supervise(spec);
    expect(supervisor.notRunning()).toEqual([]);
    expect(await metric('postback_kafka_consumer_running')).toBe(1);

    created[0].crash(new Error('Failed to find group coordinator'));
    expect(created[0].disconnected).toBe(true);
    expect(await metric('postback_kafka_consumer_running')).toBe(0);
    expect(() => supervisor.assertRunning()).toThrow('consumer not running: group-a');
    expect(clock.pendingDelays()).toEqual([100]);

    await clock.advance(100);
    expect(created).toHaveLength(2);
    expect(supervisor.notRunning()).toEqual([]);
    expect(await metric('postback_kafka_consumer_restarts_total')).toBe(1);
    expect(await metric('postback_kafka_consumer_running')).toBe(1);
  });

  it('backs off exponentially up to the cap while the restarts keep failing', async () => {
    const failing = () => Promise.reject(new Error('connection refused'));
    const { clock, supervisor, created, spec } = setup(Array.from({ length: 6 }, () => failing));
    await supervisor.supervise(spec);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(...clock.pendingDelays());
      await clock.advance(clock.pendingDelays()[0]);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(created).toHaveLength(7);
    expect(supervisor.notRunning()).toEqual([]);
  });

  it('starts the backoff over after a run that lasted', async () => {
    const failing = () => Promise.reject(new Error('down'));
    const { clock, supervisor, created, spec } = setup([failing, failing]);
    await supervisor.supervise(spec);
    await clock.advance(100);
    await clock.advance(200); // the third attempt runs
    expect(supervisor.notRunning()).toEqual([]);
    await clock.advance(1000);
    created[2].crash(new Error('again'));
    expect(clock.pendingDelays()).toEqual([100]);
  });

  it('treats a crash while joining (run resolved after CRASH) as a crash', async () => {
    const { clock, supervisor, created, spec } = setup([
      async () => created[created.length - 1].crash(new Error('join failed')),
    ]);
    await supervisor.supervise(spec);
    expect(supervisor.notRunning().map((d) => d.groupId)).toEqual(['group-a']);
    await clock.advance(100);
    expect(supervisor.notRunning()).toEqual([]);
  });

  it('fails liveness only once a consumer has been down longer than the bound', async () => {
    const failing = () => Promise.reject(new Error('down'));
    const { clock, supervisor, spec } = setup(Array.from({ length: 20 }, () => failing));
    await supervisor.supervise(spec);
    await clock.advance(4000);
    expect(() => supervisor.assertAlive()).not.toThrow();
    await clock.advance(1001);
    expect(() => supervisor.assertAlive()).toThrow(/over 5000 ms: group-a/);
  });

  it('stops restarting once stopped, and forgets the consumer', async () => {
    const { clock, supervisor, created, spec } = setup([]);
    const handle = await supervisor.supervise(spec);
    created[0].crash(new Error('boom'));
    await handle.stop();
    await clock.advance(10_000);
    expect(created).toHaveLength(1);
    expect(supervisor.notRunning()).toEqual([]);
  });
});
