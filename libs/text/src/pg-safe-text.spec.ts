import { pgSafeJson, pgSafeRecord, pgSafeText } from './pg-safe-text';

describe('pgSafeText', () => {
  it.each([
    ['a\u0000b', 'a\ufffdb'],
    ['lone \ud800 high', 'lone \ufffd high'],
    ['lone \udc00 low', 'lone \ufffd low'],
    ['pair 😀 kept', 'pair 😀 kept'],
    ['tabs\tand\nlines, é, ✓, \u0001', 'tabs\tand\nlines, é, ✓, \u0001'],
  ])('%j → %j', (input, output) => expect(pgSafeText(input)).toBe(output));

  it('makes header names and values safe', () => {
    expect(pgSafeRecord({ 'x-a': 'v\u0000', 'x-\ud800': 'ok' })).toEqual({
      'x-a': 'v\ufffd',
      'x-\ufffd': 'ok',
    });
  });
});

describe('pgSafeJson', () => {
  it('makes every string of a JSON tree safe, keys too, and keeps the rest', () => {
    expect(pgSafeJson({ a: ['x\u0000', 1, null, true], 'k\u0000': { b: '\ud800' } })).toEqual({
      a: ['x\ufffd', 1, null, true],
      'k\ufffd': { b: '\ufffd' },
    });
  });
});
