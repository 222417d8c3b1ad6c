import { FORMATTERS } from './formatters';

describe('formatters', () => {
  it.each([
    ['unix', '2026-11-30T10:15:00.900Z', '1796033700'],
    ['unix_ms', '2026-11-30T10:15:00.900Z', '1796033700900'],
    ['iso', '2026-11-30T12:15:00+02:00', '2026-11-30T10:15:00.000Z'],
    ['cents', '125.5', '12550'],
    ['cents', '0.125', '13'],
    ['cents', '-3.10', '-310'],
    ['base64', 'Sale', 'U2FsZQ=='],
    ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['upper', 'usd', 'USD'],
  ])('%s(%s) = %s', (name, input, output) => {
    expect(FORMATTERS[name](input, undefined)).toBe(output);
  });

  it.each(['unix', 'unix_ms', 'iso'])(
    '%s renders a value that is no date as missing, never NaN or a throw',
    (name) => {
      expect(FORMATTERS[name]('not a date', undefined)).toBeNull();
    },
  );

  it('keeps null as null, except default which fills it', () => {
    expect(FORMATTERS.sha256(null, undefined)).toBeNull();
    expect(FORMATTERS.default(null, 'n/a')).toBe('n/a');
    expect(FORMATTERS.default('', '0')).toBe('0');
    expect(FORMATTERS.default('x', '0')).toBe('x');
  });
});
