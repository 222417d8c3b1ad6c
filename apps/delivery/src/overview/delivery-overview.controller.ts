import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { CircuitGuard } from '../circuit/circuit.guard';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { EndpointsRepository } from '../endpoints/endpoints.repository';
import { DeliveryOverviewRepository } from './delivery-overview.repository';
import { type DeliveryOverview, deliveryOverviewView } from './delivery-overview-view.schema';

const overviewQuerySchema = z.object({
  minutes: z.coerce.number({ error: 'must be a number' }).int().min(1).max(1440).default(60),
});

/** The delivery side of the console's overview: the last `minutes` (60) from stored data. */
@Controller('v1/overview')
@UseGuards(AdminTokenGuard)
export class DeliveryOverviewController {
  constructor(
    private readonly overview: DeliveryOverviewRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly endpoints: EndpointsRepository,
    private readonly circuits: CircuitGuard,
  ) {}

  @ApiOperation({
    summary: "The delivery side of the console's overview: per minute, per endpoint, DLQ, circuits",
    query: overviewQuerySchema,
    returns: {
      description: 'per minute, per endpoint, the DLQ size, open circuits and disabled endpoints',
      schema: deliveryOverviewView,
    },
    example: { query: { minutes: '60' } },
  })
  @Get()
  async get(@Query() query: unknown): Promise<DeliveryOverview> {
    const { minutes } = parseOrThrow(overviewQuerySchema, query ?? {});
    const since = new Date(Date.now() - minutes * 60_000);
    const [perMinute, ratios, dlqSize, endpoints] = await Promise.all([
      this.overview.perMinute(since),
      this.overview.endpointRatios(since),
      this.deliveries.countFailed(),
      this.endpoints.list(),
    ]);
    const names = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.name]));
    return {
      since: since.toISOString(),
      per_minute: perMinute,
      endpoints: ratios.map((ratio) => ({ ...ratio, name: names.get(ratio.endpoint_id) ?? '(deleted)' })),
      dlq_size: dlqSize,
      open_circuits: endpoints
        .filter((endpoint) => endpoint.active && this.circuits.reopensAt(endpoint.id) > 0)
        .map((endpoint) => ({ endpoint_id: endpoint.id, name: endpoint.name })),
      disabled_endpoints: endpoints
        .filter((endpoint) => !endpoint.active)
        .map((endpoint) => ({
          endpoint_id: endpoint.id,
          name: endpoint.name,
          reason: endpoint.disabled_reason,
        })),
    };
  }
}
