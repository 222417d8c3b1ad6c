import { type ConversionDecision } from '@postback/contracts';
import { storedDecisionJson } from './stored-decision';

const decision = (customer: string) =>
  ({
    decision_id: 'd1',
    decided_at: new Date('2026-01-02T03:04:05Z'),
    custom: { name: customer },
  }) as unknown as ConversionDecision;

describe('storedDecisionJson', () => {
  it('is the JSON of the decision, timestamps as ISO strings', () => {
    expect(JSON.parse(storedDecisionJson(decision('Ann')))).toEqual({
      decision_id: 'd1',
      decided_at: '2026-01-02T03:04:05.000Z',
      custom: { name: 'Ann' },
    });
  });

  it('replaces what jsonb refuses (NUL, a lone surrogate) and keeps surrogate pairs', () => {
    const stored = JSON.parse(storedDecisionJson(decision('a\u0000b\ud800c😀')));
    expect(stored.custom.name).toBe('a\ufffdb\ufffdc😀');
  });

  it('keeps an escaped backslash followed by u0000 as it was', () => {
    expect(JSON.parse(storedDecisionJson(decision('\\u0000'))).custom.name).toBe('\\u0000');
  });
});
