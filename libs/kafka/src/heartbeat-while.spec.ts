import { heartbeatWhile } from './heartbeat-while';

describe('heartbeatWhile', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('heartbeats every interval while the work is pending, and stops when it settles', async () => {
    let beats = 0;
    let finish!: (value: string) => void;
    const result = heartbeatWhile(
      new Promise<string>((resolve) => (finish = resolve)),
      async () => void beats++,
      1000,
    );
    // A handler as slow as a 15 s delivery timeout keeps a 6 s session alive.
    await jest.advanceTimersByTimeAsync(15_000);
    expect(beats).toBe(15);
    finish('delivered');
    await expect(result).resolves.toBe('delivered');
    await jest.advanceTimersByTimeAsync(5000);
    expect(beats).toBe(15);
  });

  it('passes the work failure on and survives a failing heartbeat', async () => {
    let beats = 0;
    let fail!: (error: Error) => void;
    const result = heartbeatWhile(
      new Promise<never>((_resolve, reject) => (fail = reject)),
      async () => {
        beats++;
        throw new Error('REBALANCE_IN_PROGRESS');
      },
      500,
    );
    await jest.advanceTimersByTimeAsync(1500);
    expect(beats).toBe(3);
    fail(new Error('receiver timed out'));
    await expect(result).rejects.toThrow('receiver timed out');
    await jest.advanceTimersByTimeAsync(1500);
    expect(beats).toBe(3);
  });

  it('adds nothing to a quick handler', async () => {
    const heartbeat = jest.fn(async () => undefined);
    await expect(heartbeatWhile(Promise.resolve(1), heartbeat)).resolves.toBe(1);
    await jest.advanceTimersByTimeAsync(5000);
    expect(heartbeat).not.toHaveBeenCalled();
  });
});
