import { planAfterFailure } from './retry-plan';

const schedule = ['1s', '2s', '30s'];
const retryable = (honourRetryAfter = false) =>
  ({ kind: 'retryable', reason: 'HTTP 503', honourRetryAfter }) as const;

describe('planAfterFailure', () => {
  it.each([
    [0, '1s'],
    [1, '2s'],
    [2, '30s'],
  ])('sends a retryable failure to tier %d (%s)', (index, tier) => {
    expect(planAfterFailure(retryable(), index, schedule, null, 0.5)).toMatchObject({
      kind: 'retry',
      tierIndex: index,
      tier,
    });
  });

  it('sends a retryable failure after the last tier to the DLQ', () => {
    expect(planAfterFailure(retryable(), 3, schedule, null, 0.5)).toEqual({
      kind: 'dead',
      reason: 'retries exhausted after 3 tiers: HTTP 503',
    });
  });

  it('sends a permanent failure straight to the DLQ', () => {
    expect(planAfterFailure({ kind: 'permanent', reason: 'HTTP 400' }, 0, schedule, null, 0.5)).toEqual({
      kind: 'dead',
      reason: 'permanent: HTTP 400',
    });
  });

  it('uses Retry-After only when the status allows it', () => {
    expect(planAfterFailure(retryable(true), 2, schedule, 35_000, 0)).toMatchObject({ delayMs: 35_000 });
    expect(planAfterFailure(retryable(false), 2, schedule, 35_000, 0)).toMatchObject({ delayMs: 24_000 });
  });
});
