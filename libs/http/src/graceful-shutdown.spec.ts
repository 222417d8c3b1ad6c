import { shutDown } from './graceful-shutdown';

const quiet = { info: () => undefined, error: () => undefined };

describe('shutDown', () => {
  it('drains, stops intake, then closes, and exits 0', async () => {
    const steps: string[] = [];
    await shutDown(
      {
        stopIntake: async () => void steps.push('intake'),
        close: async () => void steps.push('close'),
      },
      'SIGTERM',
      {
        graceMs: 1000,
        logger: quiet,
        onDraining: () => steps.push('draining'),
        exit: (code) => steps.push(`exit ${code}`),
      },
    );
    expect(steps).toEqual(['draining', 'intake', 'close', 'exit 0']);
  });

  it('keeps serving for the drain period after turning not ready, and only then stops intake', async () => {
    jest.useFakeTimers();
    const steps: string[] = [];
    const done = shutDown(
      {
        stopIntake: async () => void steps.push('intake'),
        close: async () => void steps.push('close'),
      },
      'SIGTERM',
      {
        graceMs: 1000,
        drainMs: 300,
        logger: quiet,
        onDraining: () => steps.push('draining'),
        exit: (code) => steps.push(`exit ${code}`),
      },
    );
    await jest.advanceTimersByTimeAsync(299);
    expect(steps).toEqual(['draining']);
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(steps).toEqual(['draining', 'intake', 'close', 'exit 0']);
    jest.useRealTimers();
  });

  it('exits 1 when the grace period runs out before the hooks finish', async () => {
    jest.useFakeTimers();
    const exits: number[] = [];
    let finishClose!: () => void;
    const done = shutDown(
      {
        stopIntake: async () => undefined,
        close: () => new Promise<void>((resolve) => (finishClose = resolve)),
      },
      'SIGTERM',
      { graceMs: 500, logger: quiet, exit: (code) => exits.push(code) },
    );
    await Promise.resolve();
    jest.advanceTimersByTime(499);
    expect(exits).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(exits).toEqual([1]);
    finishClose();
    await done;
    jest.useRealTimers();
  });

  it('exits 1 when a hook fails', async () => {
    const exits: number[] = [];
    await shutDown(
      {
        stopIntake: async () => undefined,
        close: () => Promise.reject(new Error('boom')),
      },
      'SIGTERM',
      { graceMs: 1000, logger: quiet, exit: (code) => exits.push(code) },
    );
    expect(exits).toEqual([1]);
  });
});
