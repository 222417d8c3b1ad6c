import { type ConversionDecision, type Disposition } from '@postback/contracts';
import { storedDecisionAgain } from './stored-decision-again';

describe('storedDecisionAgain', () => {
  const receivedAt = new Date('2026-12-07T01:00:00.123Z');
  const stored = { decision_id: 'd1', event_id: 'e1', received_at: receivedAt } as ConversionDecision;
  const disposition = (at: Date) => ({ event_id: 'e1', received_at: at }) as Disposition;

  it('produces the stored decision again for the same message (a replay)', () => {
    expect(storedDecisionAgain(stored, disposition(new Date(receivedAt.getTime())))).toBe(stored);
  });

  it('produces nothing for the disposition sent again later (a repeat under the same event id)', () => {
    expect(storedDecisionAgain(stored, disposition(new Date(receivedAt.getTime() + 1500)))).toBeNull();
  });
});
