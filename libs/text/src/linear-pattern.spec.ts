import { matchesPattern, patternProblem } from './linear-pattern';

describe('linear patterns', () => {
  it.each([
    ['^success=true$', 'success=true', true],
    ['success', 'x success y', true],
    ['^\\d{3}-\\d{4}$', '555-1234', true],
    ['^(?i)sale$', 'SALE', true],
    ['^a.c$', 'abc', true],
    ['^success=true$', 'success=false', false],
  ])('/%s/ on %j: %s', (pattern, text, matches) => expect(matchesPattern(pattern, text)).toBe(matches));

  it('answers a catastrophic pattern on a hostile text (linear time, no backtracking)', () => {
    expect(matchesPattern('(a+)+$', `${'a'.repeat(50)}!`)).toBe(false);
    expect(matchesPattern('^(a|aa)+$', `${'a'.repeat(5000)}!`)).toBe(false);
    expect(matchesPattern('(x+x+)+y', 'x'.repeat(10_000))).toBe(false);
  });

  it('names why a pattern cannot compile, and never matches with it', () => {
    expect(patternProblem('(a')).toBe('missing closing ): `(a`');
    expect(patternProblem('(?=a)b')).toBe('invalid or unsupported Perl syntax: `(?=`');
    expect(patternProblem('^ok$')).toBeNull();
    expect(matchesPattern('(a', '(a')).toBe(false);
  });
});
