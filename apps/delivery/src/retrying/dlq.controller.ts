import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { ReplayDelivery } from './replay-delivery.usecase';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { dlqReplaySchema } from '../deliveries/delivery-filter.schema';
import { z } from 'zod';

const replayedView = z.object({
  replayed: z.number().int().min(0),
  ids: z.array(z.uuid()).describe('the deliveries sent round again'),
});

/** Replays the dead-lettered deliveries of one endpoint that failed within a time range. */
@Controller('v1/dlq')
@UseGuards(AdminTokenGuard)
export class DlqController {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly replay: ReplayDelivery,
  ) {}

  @Post('replay')
  @ApiOperation({
    summary: "Replay an endpoint's dead-lettered deliveries that failed in the range",
    description:
      'A replay starts the retry tiers over, keeps the delivery id and the trace, and never resends a delivered postback.',
    body: dlqReplaySchema,
    returns: { description: 'the deliveries replayed', schema: replayedView },
    example: { body: { endpoint_id: '0b7c2a52-4a52-4c8e-9d65-2f1d8e0f3a11', from: '2026-12-01T00:00:00Z' } },
  })
  @HttpCode(202)
  async replayRange(@Body() body: unknown): Promise<z.output<typeof replayedView>> {
    const input = parseOrThrow(dlqReplaySchema, body ?? {});
    const ids = await this.deliveries.failedIds(input.endpoint_id, input.from, input.to ?? new Date());
    const replayed: string[] = [];
    for (const id of ids) if (await this.replay.execute(id)) replayed.push(id);
    return { replayed: replayed.length, ids: replayed };
  }
}
