import { restartDelayMs } from './restart-backoff';

describe('restartDelayMs', () => {
  const backoff = { initialMs: 100, maxMs: 1000 };

  it('doubles from the initial delay and stops at the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 10, 100].map((failures) => restartDelayMs(failures, backoff, () => 1));
    expect(ceilings).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps at least half of the delay and jitters the other half', () => {
    expect(restartDelayMs(2, backoff, () => 0)).toBe(200);
    expect(restartDelayMs(2, backoff, () => 0.5)).toBe(300);
    expect(restartDelayMs(50, backoff, () => 0)).toBe(500);
  });
});
