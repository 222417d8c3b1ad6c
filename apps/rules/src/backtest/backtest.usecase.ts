import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { ValidationFailedException } from '@postback/http';
import { RulesRepository } from '../rules/rules.repository';
import { type BacktestInput } from './backtest-input.schema';
import { KeptDispositionStore } from './kept-disposition.store';
import { proposeRules } from './propose-rules';
import { replayDispositions } from './replay-dispositions';
import { type BacktestSummary, summariseBacktest } from './summarise-backtest';

/** The most kept dispositions one backtest replays: they are all held in the rules process. */
export const MAX_BACKTEST_DISPOSITIONS = 500_000;

export type BacktestReport = BacktestSummary & { from: Date; to: Date; campaign_id: string | null };

/**
 * Replays the kept dispositions of a range through the current rules and through the proposed
 * ones, with the live decision's pure functions; reads only, stores and emits nothing.
 */
@Injectable()
export class BacktestUseCase {
  constructor(
    private readonly rules: RulesRepository,
    private readonly kept: KeptDispositionStore,
  ) {}

  async execute(input: BacktestInput): Promise<BacktestReport> {
    const campaignId = input.campaign_id ?? null;
    const count = await this.kept.countForReplay(input.from, input.to, campaignId);
    if (count > MAX_BACKTEST_DISPOSITIONS) throw tooMany(count);
    const [latest, rows] = await Promise.all([
      this.rules.list(),
      this.kept.forReplay(input.from, input.to, campaignId),
    ]);
    const proposal = proposeRules(latest, input.changes);
    if ('errors' in proposal) throw new ValidationFailedException(proposal.errors);
    const current = latest.filter((rule) => rule.active);
    const currentNames = new Map(current.map((rule) => [`${rule.id}@${rule.version}`, rule.name]));
    const before = replayDispositions(rows, current);
    const after = replayDispositions(rows, proposal.rules);
    const summary = summariseBacktest(
      rows.map((row, i) => ({
        callId: row.disposition.call_id,
        inRange: row.inRange,
        before: before[i],
        after: after[i],
      })),
      (side, id, version) =>
        (side === 'before' ? currentNames : proposal.names).get(`${id}@${version}`) ?? id,
      input.sample_size,
    );
    return { from: input.from, to: input.to, campaign_id: campaignId, ...summary };
  }
}

const tooMany = (count: number) => {
  const problem =
    `the range holds ${count.toLocaleString('en')} dispositions to replay, more than ` +
    `${MAX_BACKTEST_DISPOSITIONS.toLocaleString('en')}: narrow the range or choose a campaign`;
  return new UnprocessableEntityException({
    error: 'too_many_dispositions',
    message: `from/to: ${problem}`,
    fields: [
      { field: 'from', problem },
      { field: 'to', problem },
    ],
  });
};
