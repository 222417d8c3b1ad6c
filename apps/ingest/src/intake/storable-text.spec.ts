import {
  bodyEncodingProblems,
  printable,
  textProblem,
  undecodableEscapes,
  unstorableText,
} from './storable-text';

describe('storable text', () => {
  it.each([
    ['a NUL', 'a\u0000b', 'contains a NUL character'],
    ['a lone high surrogate', 'a\ud800b', 'contains a lone UTF-16 surrogate (not valid Unicode text)'],
    ['a lone low surrogate', '\udc00', 'contains a lone UTF-16 surrogate (not valid Unicode text)'],
    ['a high surrogate at the end', 'x\udbff', 'contains a lone UTF-16 surrogate (not valid Unicode text)'],
  ])('refuses %s', (_name, text, problem) => {
    expect(textProblem(text)).toBe(problem);
  });

  it.each([['plain'], ['😀 emoji pair'], ["'; DROP TABLE x; --"], ['{call_id} %00 ../'], ['\u0001\u001f\t']])(
    'keeps %j',
    (text) => {
      expect(textProblem(text)).toBeNull();
    },
  );

  it('names values and keys by their path, batch items by index', () => {
    expect(
      unstorableText([{ call_id: 'c' }, {}, {}, { custom_fields: { note: 'x\u0000', ['k\u0000']: 'v' } }]),
    ).toEqual([
      { field: '[3].custom_fields.note', problem: 'contains a NUL character' },
      { field: '[3].custom_fields.k\\u0000', problem: 'the name contains a NUL character' },
    ]);
    expect(unstorableText({ disposition: '\ud800' })).toEqual([
      { field: 'disposition', problem: 'contains a lone UTF-16 surrogate (not valid Unicode text)' },
    ]);
  });

  it('stops at a bounded depth', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableText(deep)).toEqual([]);
  });

  it('finds percent-escapes that are not UTF-8, naming the parameter', () => {
    expect(undecodableEscapes('call_id=a&note=%FF&x=%ED%A0%80', '(query)')).toEqual([
      { field: 'note', problem: 'has percent-escapes that are not UTF-8' },
      { field: 'x', problem: 'has percent-escapes that are not UTF-8' },
    ]);
    expect(undecodableEscapes('%C3=1', '(body)')).toEqual([
      { field: '(body)', problem: 'has percent-escapes that are not UTF-8' },
    ]);
    expect(undecodableEscapes('a=%C3%A9&b=100%&c=%zz&d=%F0%9F%98%80', '(query)')).toEqual([]);
  });

  it('names a parameter or key without a name by its part, never by an empty field (properties found it)', () => {
    expect(undecodableEscapes('=%80', '(query)')).toEqual([
      { field: '(query)', problem: 'has percent-escapes that are not UTF-8' },
    ]);
    expect(unstorableText({ '': 'a\u0000', custom_fields: { '': '\u0000' } })).toEqual([
      { field: '""', problem: 'contains a NUL character' },
      { field: 'custom_fields.""', problem: 'contains a NUL character' },
    ]);
  });

  it('finds raw bodies that are not UTF-8', () => {
    expect(bodyEncodingProblems(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual([
      { field: '(body)', problem: 'is not valid UTF-8' },
    ]);
    expect(bodyEncodingProblems(Buffer.from('{"a":"é"}'))).toEqual([]);
  });

  it('prints names with control characters escaped', () => {
    expect(printable('a\u0000\n')).toBe('a\\u0000\\u000a');
  });
});
