import { type AttemptInput, type SentAttempt } from './attempt';
import { AttemptClaims } from './attempt-claims';
import { SettleAttempts } from './settle-attempts';

const sentFor = (id: string) => ({
  input: { delivery: { deliveryId: id, attempts: 2 } } as unknown as AttemptInput,
  sent: { record: {}, next: { status: 'delivered' } } as unknown as SentAttempt,
});

describe('SettleAttempts', () => {
  it('remembers the counts it recorded, and not those another handler recorded first', async () => {
    const claims = new AttemptClaims();
    const settle = new SettleAttempts(
      // d1's guarded write went through; d2's found the row moved on (superseded).
      { recordAll: async () => new Set(['d1']) } as never,
      { after: async () => ({ kind: 'superseded' }) } as never,
      { publishAll: jest.fn() } as never,
      { signal: new AbortController().signal } as never,
      claims,
      { warn: jest.fn() } as never,
    );
    await settle.settleAll([sentFor('d1'), sentFor('d2')]);
    // A handler that read count 2 before d1's attempt was recorded claims nothing.
    expect(claims.claim('d1', 2)).toBeNull();
    expect(claims.claim('d1', 3)).not.toBeNull();
    expect(claims.claim('d2', 2)).not.toBeNull();
  });
});
