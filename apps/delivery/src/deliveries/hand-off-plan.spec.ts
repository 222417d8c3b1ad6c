import { HAND_OFF_SLACK_MS, handOffPlan } from './hand-off-plan';

describe('handOffPlan', () => {
  it('is due after the budget, the timeout and the slack, on the first tier at least that long', () => {
    expect(handOffPlan(['30s', '2m', '10m'], 15_000, 2000)).toEqual({
      tierIndex: 0,
      delayMs: 17_000 + HAND_OFF_SLACK_MS,
    });
    expect(handOffPlan(['1s', '5s', '30s'], 15_000, 2000).tierIndex).toBe(2);
  });

  it('takes the last tier when none is long enough', () => {
    expect(handOffPlan(['1s', '2s', '3s'], 1000, 500)).toEqual({
      tierIndex: 2,
      delayMs: 1500 + HAND_OFF_SLACK_MS,
    });
  });
});
