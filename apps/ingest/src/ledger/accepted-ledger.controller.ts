import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, ledgerRangeSchema, parseOrThrow } from '@postback/http';
import { type z } from 'zod';
import { acceptedHoursView, acceptedMinutesView } from './accepted-ledger-view.schema';

/** Per-minute rows are for charts: a day at most (1,440 rows). */
const minuteRangeSchema = ledgerRangeSchema.refine((r) => r.to.getTime() - r.from.getTime() <= 86_400_000, {
  message: 'the per-minute range may span at most 1 day',
  path: ['to'],
});

/**
 * Ingest's part of the pipeline ledger: dispositions Kafka acknowledged, per hour in which they
 * were received (from/to count whole minutes), and per minute for the console's overview chart.
 */
@Controller('v1/ledger/accepted')
@UseGuards(AdminTokenGuard)
export class AcceptedLedgerController {
  constructor(private readonly dataSource: DataSource) {}

  @ApiOperation({
    summary: "Dispositions accepted per hour of receipt (the ledger's first column)",
    query: ledgerRangeSchema,
    returns: { description: 'the total and each hour with any', schema: acceptedHoursView },
    example: { query: { from: '2026-12-01T00:00:00Z', to: '2026-12-01T06:00:00Z' } },
  })
  @Get()
  async read(@Query() query: unknown): Promise<z.output<typeof acceptedHoursView>> {
    const { from, to } = parseOrThrow(ledgerRangeSchema, query ?? {});
    const rows: { hour: Date; accepted: string }[] = await this.dataSource.query(
      `SELECT date_trunc('hour', minute) AS hour, sum(count) AS accepted
       FROM ingest.accepted_dispositions WHERE minute >= $1 AND minute < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    const hours = rows.map((row) => ({ hour: new Date(row.hour), accepted: Number(row.accepted) }));
    return { accepted: total(hours), hours };
  }

  @ApiOperation({
    summary: 'Dispositions accepted per minute of receipt (quiet minutes left out; at most 1 day)',
    query: minuteRangeSchema,
    returns: { description: 'the total and each minute with any', schema: acceptedMinutesView },
    example: { query: { from: '2026-12-01T05:00:00Z', to: '2026-12-01T06:00:00Z' } },
  })
  @Get('minutes')
  async perMinute(@Query() query: unknown): Promise<z.output<typeof acceptedMinutesView>> {
    const { from, to } = parseOrThrow(minuteRangeSchema, query ?? {});
    const rows: { minute: Date; count: string }[] = await this.dataSource.query(
      `SELECT minute, count FROM ingest.accepted_dispositions
       WHERE minute >= $1 AND minute < $2 ORDER BY minute`,
      [from, to],
    );
    const minutes = rows.map((row) => ({ minute: new Date(row.minute), accepted: Number(row.count) }));
    return { accepted: total(minutes), minutes };
  }
}

const total = (rows: { accepted: number }[]): number => rows.reduce((sum, row) => sum + row.accepted, 0);
