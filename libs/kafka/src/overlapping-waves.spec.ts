import { runOverlappingWaves } from './overlapping-waves';

/** A wave the test finishes by hand. */
function controlled() {
  const started: number[][] = [];
  const finish = new Map<number, (error?: Error) => void>();
  const run = (wave: number[]) =>
    new Promise<void>((resolve, reject) => {
      started.push(wave);
      finish.set(wave[0], (error) => (error ? reject(error) : resolve()));
    });
  return { started, finish: (first: number, error?: Error) => finish.get(first)!(error), run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runOverlappingWaves', () => {
  it('starts a wave beside the running ones, but only after the earlier waves holding one of its keys', async () => {
    const keys = ['a', 'b', 'c', 'a', 'd'];
    const { started, finish, run } = controlled();
    const done = runOverlappingWaves(
      [[0, 1], [2], [3], [4]],
      (i) => keys[i],
      4,
      run,
      () => true,
    );
    await tick();
    // [3] holds key a, which [0, 1] holds: it waits, and [4] behind it (waves start in order).
    expect(started).toEqual([[0, 1], [2]]);
    finish(2);
    await tick();
    expect(started).toEqual([[0, 1], [2]]);
    finish(0);
    await tick();
    expect(started).toEqual([[0, 1], [2], [3], [4]]);
    finish(3);
    finish(4);
    await done;
  });

  it('runs at most `limit` waves at once', async () => {
    const { started, finish, run } = controlled();
    const done = runOverlappingWaves(
      [[0], [1], [2]],
      (i) => `k${i}`,
      2,
      run,
      () => true,
    );
    await tick();
    expect(started).toEqual([[0], [1]]);
    finish(1);
    await tick();
    expect(started).toEqual([[0], [1], [2]]);
    finish(0);
    finish(2);
    await done;
  });

  it('starts nothing more after a failure and rethrows it once the running waves settled', async () => {
    const { started, finish, run } = controlled();
    let settled = false;
    const done = runOverlappingWaves(
      [[0], [1], [2]],
      (i) => `k${i}`,
      2,
      run,
      () => true,
    ).finally(() => (settled = true));
    await tick();
    finish(0, new Error('broker away'));
    await tick();
    expect(started).toEqual([[0], [1]]);
    expect(settled).toBe(false); // [1] is still running
    finish(1);
    await expect(done).rejects.toThrow('broker away');
  });

  it('starts no wave once canStart answers false (stopping, or a rebalance)', async () => {
    let running = true;
    const ran: number[][] = [];
    await runOverlappingWaves(
      [[0], [1], [2]],
      (i) => `k${i}`,
      1,
      async (wave) => {
        ran.push(wave);
        running = false;
      },
      () => running,
    );
    expect(ran).toEqual([[0]]);
  });
});
