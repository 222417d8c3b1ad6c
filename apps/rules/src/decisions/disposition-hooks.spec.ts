import { ParkedDispositionDue, WAIT_DUE_HEADER } from './disposition-hooks';

describe('ParkedDispositionDue', () => {
  const NOW = 1_000_000;
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  const due = (ended: boolean) => {
    const deadLetters = { inc: jest.fn() };
    const hooks = new ParkedDispositionDue(
      { deadLetters } as never,
      { hasEnded: async () => ended } as never,
    );
    return { hooks, deadLetters };
  };

  it('is due now once its header time has come, or without one', async () => {
    expect(await due(false).hooks.notBefore({ [WAIT_DUE_HEADER]: String(NOW) }, 'c1')).toBeNull();
    expect(await due(false).hooks.notBefore({}, 'c1')).toBeNull();
  });

  it('is due now when its call has ended, though its time has not come', async () => {
    expect(await due(true).hooks.notBefore({ [WAIT_DUE_HEADER]: String(NOW + 60_000) }, 'c1')).toBeNull();
  });

  it('looks again within a second while its call goes on, never later than its time', async () => {
    const { hooks } = due(false);
    expect(await hooks.notBefore({ [WAIT_DUE_HEADER]: String(NOW + 60_000) }, 'c1')).toBe(NOW + 1000);
    expect(await hooks.notBefore({ [WAIT_DUE_HEADER]: String(NOW + 400) }, 'c1')).toBe(NOW + 400);
  });

  it('counts a dead-lettered disposition by reason', () => {
    const { hooks, deadLetters } = due(false);
    hooks.onDeadLetter('undecodable_avro');
    expect(deadLetters.inc).toHaveBeenCalledWith({ reason: 'undecodable_avro' });
  });
});
