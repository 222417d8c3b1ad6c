import { planAfterFailure } from './retry-plan';
import { retryTopics, tierIndexOf } from './retry-tiers';

const svix = ['5s', '5m', '30m', '2h', '5h', '10h', '10h'];
const headers = (index: string) => ({ 'x-retry-tier-index': index });

describe('retryTopics', () => {
  it('has one topic per distinct delay, in schedule order', () => {
    expect(retryTopics(['1s', '1s', '2s', '1s'])).toEqual(['postbacks.retry.1s', 'postbacks.retry.2s']);
    expect(retryTopics(svix)).toHaveLength(6);
  });
});

describe('tierIndexOf', () => {
  it('reads the step from the header, so a repeated delay moves on', () => {
    expect(tierIndexOf(headers('5'), 'postbacks.retry.10h', svix)).toBe(5);
    expect(tierIndexOf(headers('6'), 'postbacks.retry.10h', svix)).toBe(6);
  });

  it.each([
    ['missing', {}],
    ['unreadable', headers('six')],
    ['out of range', headers('7')],
    ['for another topic', headers('0')],
  ])('falls back to the first step of the topic when the header is %s', (_case, given) => {
    expect(tierIndexOf(given, 'postbacks.retry.10h', svix)).toBe(5);
  });

  it('walks a schedule with a repeated delay to the DLQ after one attempt per step', () => {
    const failure = { kind: 'retryable', code: 'status', reason: 'HTTP 503', retryAfterMs: null } as const;
    const topics: string[] = [];
    let plan = planAfterFailure(failure, 0, svix, 0.5);
    while (plan.kind === 'retry') {
      const topic = `postbacks.retry.${plan.tier}`;
      topics.push(topic);
      const index = tierIndexOf(headers(String(plan.tierIndex)), topic, svix);
      plan = planAfterFailure(failure, index + 1, svix, 0.5);
    }
    expect(topics.map((t) => t.slice('postbacks.retry.'.length))).toEqual(svix);
    expect(plan).toEqual({ kind: 'dead', reason: 'retries exhausted after 7 tiers: HTTP 503' });
  });
});
