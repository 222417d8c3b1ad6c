import { headerValueProblem } from './header-value';

describe('headerValueProblem', () => {
  it.each(['plain', 'tab\there', '', '~!@#$%^&*()'])('accepts %j', (value) => {
    expect(headerValueProblem(value)).toBeNull();
  });

  it.each([
    ['a\u0000b', 'value contains a control character (U+0000)'],
    ['a\u0001b', 'value contains a control character (U+0001)'],
    ['a\rb', 'value contains a control character (U+000D)'],
    ['del\u007f', 'value contains a control character (U+007F)'],
    ['c1 \u0085', 'value contains a control character (U+0085)'],
    ['Latin-1 é', 'value contains a character outside ASCII (U+00E9); use a formatter such as base64'],
    ['名前', 'value contains a character outside ASCII (U+540D); use a formatter such as base64'],
    ['emoji 😀', 'value contains a character outside ASCII (U+1F600); use a formatter such as base64'],
  ])('%j: %s', (value, problem) => expect(headerValueProblem(value)).toBe(problem));
});
