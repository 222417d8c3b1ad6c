import pino from 'pino';
import { type RetentionPruner } from './retention-pruner';
import { RetentionSchedule } from './retention-schedule';

describe('RetentionSchedule', () => {
  afterEach(() => jest.useRealTimers());

  it('runs first after the first delay, then every interval, and not after stop', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const pruner = { runOnce: async () => (runs++, {}) } as unknown as RetentionPruner;
    const schedule = new RetentionSchedule(pruner, 1000, pino({ level: 'silent' }));
    schedule.start(100);
    await jest.advanceTimersByTimeAsync(99);
    expect(runs).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(runs).toBe(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    await schedule.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(2);
  });

  it('keeps its schedule after a failed run, and stop() waits for a run in progress', async () => {
    jest.useFakeTimers();
    let finish!: () => void;
    let runs = 0;
    const pruner = {
      runOnce: () => {
        runs++;
        if (runs === 1) return Promise.reject(new Error('database unreachable'));
        return new Promise((resolve) => (finish = () => resolve({})));
      },
    } as unknown as RetentionPruner;
    const schedule = new RetentionSchedule(pruner, 1000, pino({ level: 'silent' }));
    schedule.start(0);
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});
