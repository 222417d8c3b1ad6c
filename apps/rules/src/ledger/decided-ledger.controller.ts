import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, ledgerRangeSchema, parseOrThrow } from '@postback/http';
import { type z } from 'zod';
import { KeptDispositionStore } from '../backtest/kept-disposition.store';
import { decidedHoursView } from './decided-ledger-view.schema';

/**
 * Rules' part of the pipeline ledger, from its own records: dispositions decided per hour in
 * which ingest received them (the same clock as ingest's count, so the two compare).
 */
@Controller('v1/ledger/decided')
@UseGuards(AdminTokenGuard)
export class DecidedLedgerController {
  constructor(private readonly kept: KeptDispositionStore) {}

  @ApiOperation({
    summary: "Dispositions decided per hour of receipt (the ledger's second column)",
    query: ledgerRangeSchema,
    returns: { description: 'the totals and each hour with any', schema: decidedHoursView },
    example: { query: { from: '2026-12-01T00:00:00Z', to: '2026-12-01T06:00:00Z' } },
  })
  @Get()
  async read(@Query() query: unknown): Promise<z.output<typeof decidedHoursView>> {
    const { from, to } = parseOrThrow(ledgerRangeSchema, query ?? {});
    const hours = await this.kept.decidedPerHour(from, to);
    return {
      decided: hours.reduce((sum, h) => sum + h.decided, 0),
      changed: hours.reduce((sum, h) => sum + h.changed, 0),
      hours,
    };
  }
}
