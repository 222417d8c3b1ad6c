import { compareDecimals, decimalToUnits, fromUnits, percentOf, subtract, toCents, toUnits } from './decimal';

describe('decimal money', () => {
  it.each([
    ['125.5', '125.50'],
    ['0', '0.00'],
    ['0.125', '0.125'],
    ['7.0001', '7.0001'],
    ['-3.1', '-3.10'],
    ['1000000', '1000000.00'],
    [' 12.5 ', '12.50'],
  ])('round-trips %p as %s', (raw, formatted) => {
    expect(fromUnits(toUnits(raw))).toBe(formatted);
  });

  it.each(['1e3', '1.23456', '', 'abc', '1.', '.5', '--1'])('refuses %p, naming it', (text) => {
    expect(() => toUnits(text)).toThrow(`not a decimal with at most 4 decimals: "${text}"`);
  });

  it('takes a percentage exactly, rounding half up', () => {
    expect(percentOf('200', '25')).toBe('50.00');
    expect(percentOf('0.0003', '50')).toBe('0.0002');
    expect(percentOf('99.99', '12.5')).toBe('12.4988');
    expect(percentOf('0.0001', '49.99')).toBe('0.00');
  });

  it('rounds a negative amount as the mirror image of the positive one', () => {
    expect(percentOf('-0.0003', '50')).toBe('-0.0002');
    expect(percentOf('-99.99', '12.5')).toBe('-12.4988');
  });

  it('subtracts and compares without floating-point error', () => {
    expect(subtract('0.3', '0.1')).toBe('0.20');
    expect(subtract('50', '200')).toBe('-150.00');
    expect(compareDecimals('10.10', '10.1')).toBe(0);
    expect(compareDecimals('2', '10')).toBe(-1);
    expect(compareDecimals('-1', '-2')).toBe(1);
    expect(compareDecimals('0.00001', '0')).toBe(1);
    expect(() => compareDecimals('1', 'ten')).toThrow('not a decimal: "ten"');
  });
});

describe('rounding to a number of places', () => {
  it.each([
    ['125.5', 2, 12550n],
    ['0.125', 2, 13n],
    ['0.1249', 2, 12n],
    ['0.005', 2, 1n],
    ['-3.10', 2, -310n],
    ['-0.125', 2, -13n],
    ['19.999', 2, 2000n],
    ['2.5', 0, 3n],
    ['7', 4, 70000n],
  ])('%s to %d places is %d units', (text, places, units) => {
    expect(decimalToUnits(text, places)).toBe(units);
  });

  it.each(['', '1e3', 'abc', '1.', ' 1'])('finds no decimal in %p', (text) => {
    expect(decimalToUnits(text, 2)).toBeNull();
  });

  it('gives cents as text, or null', () => {
    expect(toCents('125.5')).toBe('12550');
    expect(toCents('0.125')).toBe('13');
    expect(toCents('-3.10')).toBe('-310');
    expect(toCents('n/a')).toBeNull();
  });
});
