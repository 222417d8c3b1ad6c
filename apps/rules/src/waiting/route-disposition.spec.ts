import { routeDisposition } from './route-disposition';

describe('routeDisposition', () => {
  it.each([
    [true, false, 30_000, 'decide'],
    [false, false, 30_000, 'wait'],
    [false, false, 0, 'decide'],
    [true, true, 30_000, 'wait'],
    [false, true, 30_000, 'wait'],
    [true, true, 0, 'wait'],
  ] as const)('call known %s, parked %s, wait %i ms → %s', (callKnown, callHasParked, waitMs, expected) => {
    expect(routeDisposition({ callKnown, callHasParked, waitMs })).toBe(expected);
  });
});
