import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { rulesOverviewView } from './rules-overview-view.schema';

const overviewQuerySchema = z.object({
  minutes: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1440).default(60),
});

export interface RulesMinute {
  minute: string;
  /** Dispositions rules took in (each decided once, whether or not it changed the call's outcome). */
  accepted: number;
  /** Decisions emitted, by type (conversion, partial, micro, none, service). */
  decisions: Record<string, number>;
}

/** The rules side of the console's overview: the last `minutes` (60) per minute, from PostgreSQL. */
@Controller('v1/overview')
@UseGuards(AdminTokenGuard)
export class RulesOverviewController {
  constructor(private readonly dataSource: DataSource) {}

  @ApiOperation({
    summary:
      "The rules side of the console's overview: dispositions handled and decisions by type per minute",
    query: overviewQuerySchema,
    returns: { description: 'each minute with any, oldest first', schema: rulesOverviewView },
    example: { query: { minutes: '60' } },
  })
  @Get()
  async get(@Query() query: unknown): Promise<z.output<typeof rulesOverviewView>> {
    const { minutes } = parseOrThrow(overviewQuerySchema, query ?? {});
    const since = new Date(Date.now() - minutes * 60_000);
    const [accepted, decisions] = await Promise.all([
      this.dataSource.query<{ minute: Date; n: string }[]>(
        `SELECT date_trunc('minute', processed_at) AS minute, count(*) AS n
           FROM rules.processed_dispositions WHERE processed_at >= $1 GROUP BY 1`,
        [since],
      ),
      this.dataSource.query<{ minute: Date; type: string; n: string }[]>(
        `SELECT date_trunc('minute', created_at) AS minute, type, count(*) AS n
           FROM rules.decisions WHERE created_at >= $1 GROUP BY 1, 2`,
        [since],
      ),
    ]);
    const byMinute = new Map<string, RulesMinute>();
    const at = (minute: Date): RulesMinute => {
      const key = new Date(minute).toISOString();
      if (!byMinute.has(key)) byMinute.set(key, { minute: key, accepted: 0, decisions: {} });
      return byMinute.get(key)!;
    };
    for (const row of accepted) at(row.minute).accepted += Number(row.n);
    for (const row of decisions) at(row.minute).decisions[row.type] = Number(row.n);
    return {
      since: since.toISOString(),
      per_minute: [...byMinute.values()].sort((a, b) => a.minute.localeCompare(b.minute)),
    };
  }
}
