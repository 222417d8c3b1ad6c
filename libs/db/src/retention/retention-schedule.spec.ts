import pino from 'pino';
import { Registry } from 'prom-client';
import { type PruneResult } from './prune-in-batches';
import { type RetentionPruner } from './retention-pruner';
import { RetentionSchedule } from './retention-schedule';
import { RetentionMetrics } from './retention.metrics';

type RunOnce = RetentionPruner['runOnce'];
const silent = pino({ level: 'silent' });
const timing = { intervalMs: 1000, catchUpMs: 50 };
const done = (deleted: number): PruneResult => ({ deleted, batches: 1, complete: true });

describe('RetentionSchedule', () => {
  afterEach(() => jest.useRealTimers());

  it('runs first after the first delay, then every interval, and not after stop', async () => {
    jest.useFakeTimers();
    let runs = 0;
    const schedule = new RetentionSchedule({ runOnce: async () => (runs++, {}) }, timing, silent);
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

  it('runs again after a short pause while a run leaves rows behind, then every interval', async () => {
    jest.useFakeTimers();
    const at: number[] = [];
    const backlog = [false, false, true];
    const runOnce: RunOnce = async () => {
      at.push(Date.now());
      const complete = backlog.shift() ?? true;
      return { 'x.rows': { deleted: complete ? 10 : 100, batches: 1, complete } };
    };
    const start = Date.now();
    const schedule = new RetentionSchedule({ runOnce }, timing, silent);
    schedule.start(0);
    await jest.advanceTimersByTimeAsync(3000);
    await schedule.stop();
    // Two incomplete runs, each followed by catchUpMs; then complete runs an interval apart.
    expect(at.map((t) => t - start)).toEqual([0, 50, 100, 1100, 2100]);
  });

  it('keeps its schedule after a failed run, and stop() waits for a run in progress', async () => {
    jest.useFakeTimers();
    let finish!: () => void;
    let runs = 0;
    const runOnce: RunOnce = () => {
      runs++;
      if (runs === 1) return Promise.reject(new Error('database unreachable'));
      return new Promise((resolve) => (finish = () => resolve({})));
    };
    const schedule = new RetentionSchedule({ runOnce }, timing, silent);
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

  it('tells a run in progress to stop (after its batch) when stopped', async () => {
    jest.useFakeTimers();
    let signal: AbortSignal | undefined;
    let finish!: () => void;
    const runOnce: RunOnce = (_now, given) => {
      signal = given;
      return new Promise((resolve) => (finish = () => resolve({})));
    };
    const schedule = new RetentionSchedule({ runOnce }, timing, silent);
    schedule.start(0);
    await jest.advanceTimersByTimeAsync(0);
    expect(signal?.aborted).toBe(false);
    const stopping = schedule.stop();
    expect(signal?.aborted).toBe(true);
    finish();
    await stopping;
  });

  it('logs a skipped run and what each run deleted, and counts deleted rows by table', async () => {
    jest.useFakeTimers();
    const lines: { msg: string; deleted?: Record<string, number> }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const registry = new Registry();
    const answers = [
      null,
      { 'x.rows': done(7), 'y.rows': done(0) },
      { 'x.rows': done(5), 'y.rows': done(2) },
    ];
    const runOnce: RunOnce = async () => (answers.length > 0 ? answers.shift()! : {});
    const schedule = new RetentionSchedule({ runOnce }, timing, logger, new RetentionMetrics(registry));
    schedule.start(0);
    await jest.advanceTimersByTimeAsync(2000);
    await schedule.stop();
    expect(lines.slice(0, 3).map((line) => [line.msg, line.deleted])).toEqual([
      ['retention: another instance holds the lock; skipping this run', undefined],
      ['retention: run finished', { 'x.rows': 7, 'y.rows': 0 }],
      ['retention: run finished', { 'x.rows': 5, 'y.rows': 2 }],
    ]);
    const counter = await registry.getSingleMetric('postback_retention_deleted_rows_total')!.get();
    expect(counter.values.map((v) => [v.labels.table, v.value])).toEqual([
      ['x.rows', 12],
      ['y.rows', 2],
    ]);
  });
});
