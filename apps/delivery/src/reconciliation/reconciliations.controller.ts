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
import { ApiOperation, uuidParams } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { differencesCsv } from './differences-csv';
import { csvRows, jsonRows } from './partner-rows';
import { ReconcileUseCase } from './reconcile.usecase';
import { csvReconciliationSchema, jsonReconciliationSchema } from './reconciliation-input.schema';
import { type ReconciliationRow, ReconciliationStore } from './reconciliation.store';
import {
  reconciliationReportView,
  reconciliationRowView,
  storedReconciliationView,
} from './reconciliation-view.schema';

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
  @ApiOperation({
    summary: "Reconcile an endpoint's deliveries in a time range against the partner's report",
    description:
      'JSON: the parameters and up to 10,000 `rows` in the body. CSV (`Content-Type: text/csv`, streamed, any size): the same parameters in the query string and the report as the body; a malformed row is reported with its line number and the rest goes on.',
    body: jsonReconciliationSchema,
    bodyTypes: ['application/json', 'text/csv'],
    returns: {
      description: 'the stored report: matched, differences, missing on either side, duplicates, totals',
      schema: reconciliationReportView,
    },
    example: {
      body: {
        endpoint_id: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11',
        from: '2026-12-01T00:00:00Z',
        to: '2026-12-02T00:00:00Z',
        rows: [{ call_id: 'CA-1001', value: '125.50' }],
      },
    },
  })
  @Post()
  @HttpCode(201)
  create(
    @Req() request: FastifyRequest,
    @Query() query: unknown,
    @Body() body: unknown,
  ): Promise<z.output<typeof reconciliationReportView>> {
    if (/^text\/csv\b/i.test(request.headers['content-type'] ?? '')) {
      const params = parseOrThrow(csvReconciliationSchema, query ?? {});
      return this.reconcile.execute(params, (columns) => csvRows(body as Readable, columns, COLUMN_PARAMS));
    }
    const { rows, ...params } = parseOrThrow(jsonReconciliationSchema, body ?? {});
    return this.reconcile.execute(params, () => jsonRows(rows));
  }

  @ApiOperation({
    summary: 'Reconciliations, newest first, with their progress (rows read)',
    query: listSchema,
    returns: {
      description: 'the reconciliations, without their reports',
      schema: z.object({ items: z.array(reconciliationRowView) }),
    },
  })
  @Get()
  async list(@Query() query: unknown): Promise<{ items: z.output<typeof reconciliationRowView>[] }> {
    return { items: await this.store.list(parseOrThrow(listSchema, query ?? {}).limit) };
  }

  @ApiOperation({
    summary: 'One reconciliation report',
    params: uuidParams('id'),
    returns: {
      description: 'the report with its row, or the row of one not done',
      schema: storedReconciliationView,
    },
    errors: { 404: 'no reconciliation with this id' },
  })
  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<Record<string, unknown>> {
    const { report, ...row } = await this.found(id);
    return { ...row, ...(report ?? {}) };
  }

  @ApiOperation({
    summary: "A reconciliation's differences as CSV",
    params: uuidParams('id'),
    returns: { description: 'one line per difference', mediaType: 'text/csv' },
    errors: { 404: 'no reconciliation with this id' },
  })
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
