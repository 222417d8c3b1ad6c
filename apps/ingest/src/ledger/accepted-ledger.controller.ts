import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, ledgerRangeSchema, parseOrThrow } from '@postback/http';

interface AcceptedHour {
  hour: Date;
  accepted: number;
}

/**
 * Ingest's part of the pipeline ledger: dispositions Kafka acknowledged, per hour in which they
 * were received (from/to count whole minutes).
 */
@Controller('v1/ledger/accepted')
@UseGuards(AdminTokenGuard)
export class AcceptedLedgerController {
  constructor(private readonly dataSource: DataSource) {}

  @ApiOperation({
    summary: "Dispositions accepted per hour of receipt (the ledger's first column)",
    query: ledgerRangeSchema,
    returns: { description: '`{accepted, hours}`' },
    example: { query: { from: '2026-12-01T00:00:00Z', to: '2026-12-01T06:00:00Z' } },
  })
  @Get()
  async read(@Query() query: unknown): Promise<{ accepted: number; hours: AcceptedHour[] }> {
    const { from, to } = parseOrThrow(ledgerRangeSchema, query ?? {});
    const rows: { hour: Date; accepted: string }[] = await this.dataSource.query(
      `SELECT date_trunc('hour', minute) AS hour, sum(count) AS accepted
       FROM ingest.accepted_dispositions WHERE minute >= $1 AND minute < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    const hours = rows.map((row) => ({ hour: new Date(row.hour), accepted: Number(row.accepted) }));
    return { accepted: hours.reduce((sum, h) => sum + h.accepted, 0), hours };
  }
}
