import { planAfterFailure } from './retry-plan';

const schedule = ['1s', '2s', '30s'];
const retryable = (retryAfterMs: number | null = null) =>
  ({ kind: 'retryable', code: 'status', reason: 'HTTP 503', retryAfterMs }) as const;

describe('planAfterFailure', () => {
  it.each([
    [0, '1s'],
    [1, '2s'],
    [2, '30s'],
  ])('sends a retryable failure to tier %d (%s)', (index, tier) => {
    expect(planAfterFailure(retryable(), index, schedule, 0.5)).toMatchObject({
      kind: 'retry',
      tierIndex: index,
      tier,
    });
  });

  it('sends a retryable failure after the last tier to the DLQ', () => {
    expect(planAfterFailure(retryable(), 3, schedule, 0.5)).toEqual({
      kind: 'dead',
      reason: 'retries exhausted after 3 tiers: HTTP 503',
    });
  });

  it('sends a permanent failure straight to the DLQ', () => {
    expect(
      planAfterFailure({ kind: 'permanent', code: 'status', reason: 'HTTP 400' }, 0, schedule, 0.5),
    ).toEqual({ kind: 'dead', reason: 'permanent: HTTP 400' });
  });

  it('waits the Retry-After the failure carries, within the tier, else the tier with jitter', () => {
    expect(planAfterFailure(retryable(35_000), 2, schedule, 0)).toMatchObject({ delayMs: 35_000 });
    expect(planAfterFailure(retryable(null), 2, schedule, 0)).toMatchObject({ delayMs: 24_000 });
  });
});
