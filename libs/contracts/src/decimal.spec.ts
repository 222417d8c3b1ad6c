import { compareDecimals, fromUnits, percentOf, subtract, toUnits } from './decimal';

describe('decimal money', () => {
  it.each([
    ['125.5', '125.50'],
    ['0', '0.00'],
    ['0.125', '0.125'],
    ['7.0001', '7.0001'],
    ['-3.1', '-3.10'],
    ['1000000', '1000000.00'],
  ])('round-trips %s as %s', (raw, formatted) => {
    expect(fromUnits(toUnits(raw))).toBe(formatted);
  });

  it('refuses what is not a decimal', () => {
    expect(() => toUnits('1e3')).toThrow(/not a decimal/);
    expect(() => toUnits('1.23456')).toThrow(/not a decimal/);
  });

  it('takes a percentage exactly, rounding half up', () => {
    expect(percentOf('200', '25')).toBe('50.00');
    expect(percentOf('0.0003', '50')).toBe('0.0002');
    expect(percentOf('99.99', '12.5')).toBe('12.4988');
  });

  it('subtracts and compares without floating-point error', () => {
    expect(subtract('0.3', '0.1')).toBe('0.20');
    expect(subtract('50', '200')).toBe('-150.00');
    expect(compareDecimals('10.10', '10.1')).toBe(0);
    expect(compareDecimals('2', '10')).toBe(-1);
  });
});
