import {
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { ProduceFailedError } from '@postback/kafka';
import { ApiOperation, uuidParams } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { z } from 'zod';
import { DeliveriesRepository } from './deliveries.repository';
import { type DeliveryView, deliveryView, deliveryWithAttemptsView } from './delivery-view.schema';
import { deliveryFilterSchema } from './delivery-filter.schema';
import { ReplayDelivery } from '../retrying/replay-delivery.usecase';

const deliveryId = uuidParams('id');
const NOT_FOUND = { 404: 'no delivery with this id' };

/** Every delivery accounted for: filter, inspect attempt by attempt, and send a failed one again. */
@Controller('v1/deliveries')
@UseGuards(AdminTokenGuard)
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly replay: ReplayDelivery,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Deliveries, newest first, filtered',
    query: deliveryFilterSchema,
    returns: { description: 'the deliveries', schema: z.object({ items: z.array(deliveryView) }) },
    example: { query: { status: 'failed', limit: '20' } },
  })
  async list(@Query() query: unknown): Promise<{ items: DeliveryView[] }> {
    return { items: await this.deliveries.find(parseOrThrow(deliveryFilterSchema, query ?? {})) };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One delivery with every attempt: request (secrets redacted), status, latency, response body, error class',
    params: deliveryId,
    returns: { description: 'the delivery and its attempts', schema: deliveryWithAttemptsView },
    errors: NOT_FOUND,
  })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<z.output<typeof deliveryWithAttemptsView>> {
    const delivery = await this.deliveries.get(id);
    if (!delivery) throw new NotFoundException({ error: 'not_found', message: `no delivery with id ${id}` });
    return delivery;
  }

  @Post(':id/retry')
  @ApiOperation({
    summary: 'Send a dead-lettered delivery round again (same webhook-id and trace)',
    params: deliveryId,
    returns: {
      description: 'queued for retry',
      schema: z.object({ id: z.uuid(), status: z.literal('retrying') }),
    },
    errors: {
      ...NOT_FOUND,
      409: 'the delivery was delivered, or is still on its way',
      503: 'Kafka refused the retry job; the delivery stays failed',
    },
  })
  @HttpCode(202)
  async retry(@Param('id', new ParseUUIDPipe()) id: string): Promise<{ id: string; status: 'retrying' }> {
    if (await this.replayOrUnavailable(id)) return { id, status: 'retrying' };
    const delivery = await this.deliveries.get(id);
    if (!delivery) throw new NotFoundException({ error: 'not_found', message: `no delivery with id ${id}` });
    throw new ConflictException({
      error: 'not_retryable',
      message:
        delivery.status === 'delivered'
          ? 'the delivery succeeded; it is never sent again'
          : `the delivery is ${delivery.status}, not failed: it is already on its way`,
    });
  }

  private async replayOrUnavailable(id: string): Promise<boolean> {
    try {
      return await this.replay.execute(id);
    } catch (error) {
      if (!(error instanceof ProduceFailedError)) throw error;
      throw new ServiceUnavailableException({
        error: 'unavailable',
        message:
          'the retry job could not be queued (Kafka unavailable); the delivery is still failed, try again',
      });
    }
  }
}
