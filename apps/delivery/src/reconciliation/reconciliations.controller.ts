import { type Readable } from 'node:stream';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { differencesCsv } from './differences-csv';
import { csvRows, jsonRows } from './partner-rows';
import { type ReconciliationReport, ReconcileUseCase } from './reconcile.usecase';
import { csvReconciliationSchema, jsonReconciliationSchema } from './reconciliation-input.schema';
import { type ReconciliationRow, ReconciliationStore } from './reconciliation.store';

const COLUMN_PARAMS = { id: 'id_column', value: 'value_column', time: 'time_column' };
const listSchema = z.object({
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(50),
});

/** A partner's report against what we delivered to their endpoint, every difference explained. */
@Controller('v1/reconciliations')
@UseGuards(AdminTokenGuard)
export class ReconciliationsController {
  constructor(
    private readonly reconcile: ReconcileUseCase,
    private readonly store: ReconciliationStore,
  ) {}

  /** `text/csv`: the parameters in the query string, the report streamed; JSON: all in the body. */
  @Post()
  @HttpCode(201)
  create(
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<ReconciliationReport> {
    if (/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
      const params = parseOrThrow(csvReconciliationSchema, query ?? {});
      return this.reconcile.execute(params, (columns) => csvRows(body as Readable, columns, COLUMN_PARAMS));
    }
    const { rows, ...params } = parseOrThrow(jsonReconciliationSchema, body ?? {});
    return this.reconcile.execute(params, () => jsonRows(rows));
  }

  @Get()
  async list(@Query() query: unknown): Promise<{ items: Omit<ReconciliationRow, 'report'>[] }> {
    return { items: await this.store.list(parseOrThrow(listSchema, query ?? {}).limit) };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<Record<string, unknown>> {
    const { report, ...row } = await this.found(id);
    return { ...row, ...(report ?? {}) };
  }

  @Get(':id/differences.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async differences(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return differencesCsv((await this.found(id)).report ?? {});
  }

  private async found(id: string): Promise<ReconciliationRow> {
    const row = await this.store.get(id);
    if (!row) throw new NotFoundException({ error: 'not_found', message: `no reconciliation with id ${id}` });
    return row;
  }
}
