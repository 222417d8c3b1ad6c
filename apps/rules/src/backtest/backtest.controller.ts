import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { backtestInputSchema } from './backtest-input.schema';
import { type z } from 'zod';
import { backtestReportView } from './backtest-report-view.schema';
import { BacktestUseCase } from './backtest.usecase';

/** What a rule change would have done to a past range of dispositions; nothing is stored or emitted. */
@Controller('v1/rules/backtest')
@UseGuards(AdminTokenGuard)
export class BacktestController {
  constructor(private readonly backtest: BacktestUseCase) {}

  @ApiOperation({
    summary:
      'Backtest proposed rule changes on the stored dispositions of a range (nothing stored or emitted)',
    body: backtestInputSchema,
    returns: {
      description: 'per campaign and decision type: before and after, postbacks changed, a sample of calls',
      schema: backtestReportView,
    },
    errors: {
      422: 'the range holds more than 500,000 dispositions to replay (too_many_dispositions, naming from and to)',
    },
    example: {
      body: {
        from: '2026-12-01T00:00:00Z',
        to: '2026-12-02T00:00:00Z',
        changes: [
          {
            name: 'Qualified Lead at 30% on spring',
            scope: { type: 'campaign', id: 'spring-26' },
            dispositions: ['Qualified Lead'],
            outcome: { type: 'partial', percent: '30' },
            priority: 10,
          },
        ],
      },
    },
  })
  @Post()
  @HttpCode(200)
  run(@Body() body: unknown): Promise<z.output<typeof backtestReportView>> {
    return this.backtest.execute(parseOrThrow(backtestInputSchema, body ?? {}));
  }
}
