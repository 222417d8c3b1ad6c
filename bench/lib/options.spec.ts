import { parseOptions, runs } from './options';

describe('parseOptions', () => {
  it('runs the full profile, every part, no soak by default', () => {
    const options = parseOptions([]);
    expect(options).toEqual({ profile: 'full', keepStack: false, soakMinutes: null, only: null });
    expect(runs(options, 'scale')).toBe(true);
    expect(runs(options, 'soak')).toBe(false);
  });

  it('soaks for 10 minutes with --soak, or as many as --soak-minutes says', () => {
    expect(parseOptions(['--soak']).soakMinutes).toBe(10);
    expect(parseOptions(['--soak', '--soak-minutes=1.5']).soakMinutes).toBe(1.5);
    expect(runs(parseOptions(['--soak']), 'soak')).toBe(true);
  });

  it('never soaks in the quick profile', () => {
    expect(parseOptions(['--quick', '--soak']).soakMinutes).toBeNull();
    expect(parseOptions(['--quick', '--only=soak']).soakMinutes).toBeNull();
  });

  it('runs only the parts --only names, the soak included', () => {
    const options = parseOptions(['--only=soak,fanout', '--soak-minutes=1']);
    expect(options.soakMinutes).toBe(1);
    expect(['fanout', 'soak', 'e2e', 'delivery'].map((part) => runs(options, part as never))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(parseOptions(['--soak', '--only=e2e']).soakMinutes).toBeNull();
  });

  it('names the option and the problem for bad input', () => {
    expect(() => parseOptions(['--soak-minutes=0'])).toThrow(
      '--soak-minutes must be a positive number of minutes, not "0"',
    );
    expect(() => parseOptions(['--soak-minutes=ten'])).toThrow('--soak-minutes must be a positive number');
    expect(() => parseOptions(['--soak-minutes='])).toThrow('--soak-minutes must be a positive number');
    expect(() => parseOptions(['--only=e2e,fast'])).toThrow(
      '--only takes ceilings, delivery, fanout, e2e, soak, scale, ingest; unknown: fast',
    );
    expect(() => parseOptions(['--fast'])).toThrow('unknown option --fast');
  });
});
