import { UnprocessableEntityException } from '@nestjs/common';
import { type RulesRepository } from '../rules/rules.repository';
import { BacktestUseCase, MAX_BACKTEST_DISPOSITIONS } from './backtest.usecase';
import { type KeptDispositionStore } from './kept-disposition.store';

describe('BacktestUseCase', () => {
  const input = {
    from: new Date('2026-11-01T00:00:00Z'),
    to: new Date('2026-12-01T00:00:00Z'),
    changes: [{ name: 'x' }],
    sample_size: 20,
  };

  it('refuses a range with more kept dispositions than it replays, before reading them (422 naming from/to)', async () => {
    const forReplay = jest.fn();
    const kept = {
      countForReplay: jest.fn().mockResolvedValue(MAX_BACKTEST_DISPOSITIONS + 1),
      forReplay,
    } as unknown as KeptDispositionStore;
    const rules = { list: jest.fn().mockResolvedValue([]) } as unknown as RulesRepository;
    const error = await new BacktestUseCase(rules, kept).execute(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).getResponse()).toMatchObject({
      error: 'too_many_dispositions',
      fields: [
        { field: 'from', problem: expect.stringContaining('narrow the range or choose a campaign') },
        { field: 'to', problem: expect.stringContaining('500,001 dispositions') },
      ],
    });
    expect(forReplay).not.toHaveBeenCalled();
  });
});
