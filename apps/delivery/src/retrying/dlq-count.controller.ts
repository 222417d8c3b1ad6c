import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { dlqReplaySchema } from '../deliveries/delivery-filter.schema';

/** `GET /v1/dlq/count`: how many deliveries `POST /v1/dlq/replay` with the same range would send. */
@Controller('v1/dlq')
@UseGuards(AdminTokenGuard)
export class DlqCountController {
  constructor(private readonly deliveries: DeliveriesRepository) {}

  @Get('count')
  async count(@Query() query: unknown): Promise<{ endpoint_id: string; count: number }> {
    const input = parseOrThrow(dlqReplaySchema, query ?? {});
    const ids = await this.deliveries.failedIds(input.endpoint_id, input.from, input.to ?? new Date());
    return { endpoint_id: input.endpoint_id, count: ids.length };
  }
}
