import { formatDuration, parseDuration } from './duration';

describe('attribution window durations', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['24h', 86_400],
    ['30d', 2_592_000],
  ])('reads %s as %i seconds and writes it back in its largest unit', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
    expect(parseDuration(formatDuration(seconds))).toBe(seconds);
  });

  it.each(['', '0s', '10', '5w', '1.5h', '-3d', ' 3d', '1234567d'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('formats in the largest whole unit', () => {
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(90)).toBe('90s');
  });
});
