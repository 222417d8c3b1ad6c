import { HAND_OFF_SLACK_MS, handOffDueAt, handOffPlan } from './hand-off-plan';

describe('handOffPlan', () => {
  it('is due after the budget, the timeout and the slack, on the first tier at least that long', () => {
    expect(handOffPlan(['30s', '2m', '10m'], 15_000, 2000)).toEqual({
      tierIndex: 0,
      delayMs: 17_000 + HAND_OFF_SLACK_MS,
      dueMs: 17_000 + HAND_OFF_SLACK_MS,
    });
    expect(handOffPlan(['1s', '5s', '30s'], 15_000, 2000).tierIndex).toBe(2);
  });

  it('takes the last tier when none is long enough, due after that tier’s delay (put back until the deadline)', () => {
    expect(handOffPlan(['1s', '2s', '3s'], 1000, 500)).toEqual({
      tierIndex: 2,
      delayMs: 1500 + HAND_OFF_SLACK_MS,
      dueMs: 3000,
    });
  });

  it('never hands a retry back to an earlier tier than its own', () => {
    expect(handOffPlan(['30s', '2m', '10m'], 15_000, 2000, 1)).toMatchObject({ tierIndex: 1 });
    expect(handOffPlan(['30s', '2m', '10m'], 15_000, 2000, 2)).toMatchObject({ tierIndex: 2 });
  });
});

describe('handOffDueAt', () => {
  it('is the deadline, or one tier delay from now when the deadline is further', () => {
    expect(handOffDueAt(10_000, '30s', 0)).toBe(10_000);
    expect(handOffDueAt(10_000, '3s', 0)).toBe(3000);
  });
});
