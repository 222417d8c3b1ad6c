import { storableJson } from './storable-json';

describe('storableJson', () => {
  it('puts U+FFFD for a NUL or a lone surrogate in every string and name, leaving the rest', () => {
    const text = storableJson({
      at: new Date('2026-12-01T10:00:00Z'),
      custom_fields: { note: 'a\u0000b', 'n\u0000': '\ud800x', pair: '😀' },
      list: ['\u0000', 1, null, true],
    });
    expect(text).not.toMatch(/\\u0000|\\ud800/);
    expect(JSON.parse(text)).toEqual({
      at: '2026-12-01T10:00:00.000Z',
      custom_fields: { note: 'a\ufffdb', 'n\ufffd': '\ufffdx', pair: '😀' },
      list: ['\ufffd', 1, null, true],
    });
  });
});
