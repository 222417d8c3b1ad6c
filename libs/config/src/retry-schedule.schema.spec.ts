import { ConfigError, loadConfig } from './load-config';

describe('DELIVERY_RETRY_SCHEDULE', () => {
  const load = (value: string) => loadConfig({ DELIVERY_RETRY_SCHEDULE: value }).delivery.retrySchedule;

  it('keeps repeated delays (Svix ends its schedule with 10h,10h)', () => {
    expect(load('5s,5m,30m,2h,5h,10h,10h')).toEqual(['5s', '5m', '30m', '2h', '5h', '10h', '10h']);
  });

  it.each([
    [',', /at least one delay/],
    ['30s,soon', /"soon" is not a delay/],
    ['30s,-5s', /"-5s" is not a delay/],
    ['0s,1m', /"0s" must be a delay above zero/],
    ['1.5m', /"1.5m" is not a delay/],
    ['25h', /longer than 24h/],
    [Array.from({ length: 21 }, () => '1s').join(','), /at most 20 tiers, got 21/],
  ])('refuses %s at start-up, naming the variable', (value, problem) => {
    let error: unknown;
    try {
      load(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^DELIVERY_RETRY_SCHEDULE: /)]);
    expect((error as ConfigError).problems[0]).toMatch(problem);
  });
});
