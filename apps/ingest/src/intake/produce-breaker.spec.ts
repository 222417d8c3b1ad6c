import { ProduceBreaker } from './produce-breaker';

describe('ProduceBreaker', () => {
  it.each([
    ['closed at first', [], 0, false],
    ['open right after a failure', [['failed', 1000]], 1000, true],
    ['open until the cooldown ends', [['failed', 1000]], 5999, true],
    ['tries again after the cooldown', [['failed', 1000]], 6000, false],
    [
      'a new failure restarts the cooldown',
      [
        ['failed', 1000],
        ['failed', 6000],
      ],
      10_000,
      true,
    ],
    [
      'a success closes it',
      [
        ['failed', 1000],
        ['succeeded', 1001],
      ],
      1002,
      false,
    ],
  ] as const)('%s', (_name, events, now, open) => {
    const breaker = new ProduceBreaker(5000);
    for (const [event, at] of events) {
      if (event === 'failed') breaker.failed(at);
      else breaker.succeeded();
    }
    expect(breaker.isOpen(now)).toBe(open);
  });
});
