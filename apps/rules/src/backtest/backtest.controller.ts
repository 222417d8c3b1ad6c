import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { backtestInputSchema } from './backtest-input.schema';
import { type BacktestReport, BacktestUseCase } from './backtest.usecase';

/** What a rule change would have done to a past range of dispositions; nothing is stored or emitted. */
@Controller('v1/rules/backtest')
@UseGuards(AdminTokenGuard)
export class BacktestController {
  constructor(private readonly backtest: BacktestUseCase) {}

  @Post()
  @HttpCode(200)
  run(@Body() body: unknown): Promise<BacktestReport> {
    return this.backtest.execute(parseOrThrow(backtestInputSchema, body ?? {}));
  }
}
