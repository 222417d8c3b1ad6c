import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { dlqReplaySchema } from '../deliveries/delivery-filter.schema';
import { z } from 'zod';

const dlqCountView = z.object({ endpoint_id: z.uuid(), count: z.number().int().min(0) });

/** `GET /v1/dlq/count`: how many deliveries `POST /v1/dlq/replay` with the same range would send. */
@Controller('v1/dlq')
@UseGuards(AdminTokenGuard)
export class DlqCountController {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @ApiOperation({
    summary: "How many of an endpoint's dead-lettered deliveries a replay of the range would send",
    query: dlqReplaySchema,
    returns: { description: 'how many a replay would send', schema: dlqCountView },
    example: { query: { endpoint_id: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11', from: '2026-12-01T00:00:00Z' } },
  })
  @Get('count')
  async count(@Query() query: unknown): Promise<z.output<typeof dlqCountView>> {
    const input = parseOrThrow(dlqReplaySchema, query ?? {});
    const ids = await this.deliveries.failedIds(input.endpoint_id, input.from, input.to ?? new Date());
    return { endpoint_id: input.endpoint_id, count: ids.length };
  }
}
