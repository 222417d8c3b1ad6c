import { normaliseLabel } from './disposition-label';

describe('disposition labels', () => {
  it.each([
    ['  A  b ', 'a b'],
    ['X', 'x'],
    ['no\n answer', 'no answer'],
    ['qualified\tlead', 'qualified lead'],
    [' SALE -  closed', 'sale - closed'],
  ])('normalises %p to %p', (label, normal) => {
    expect(normaliseLabel(label)).toBe(normal);
  });

  it.each([
    [' SALE -  closed', 'Sale - Closed', true],
    ['Qualified Lead', 'qualified   lead', true],
    ['Sale', 'Sales', false],
    ['Sale-Closed', 'Sale - Closed', false],
  ])('%p and %p are one label: %p', (a, b, same) => {
    expect(normaliseLabel(a) === normaliseLabel(b)).toBe(same);
  });
});
