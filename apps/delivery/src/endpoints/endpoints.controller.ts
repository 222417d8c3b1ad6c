import {
  Body,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { type Endpoint } from './endpoint';
import { endpointInputSchema } from './endpoint-input.schema';
import { EndpointsRepository } from './endpoints.repository';

@Controller('v1/endpoints')
@UseGuards(AdminTokenGuard)
export class EndpointsController {
  constructor(private readonly endpoints: EndpointsRepository) {}

  @Post()
  create(@Body() body: unknown): Promise<Endpoint> {
    return this.endpoints.create(parseOrThrow(endpointInputSchema, body ?? {}));
  }

  @Get()
  async list(): Promise<{ items: Endpoint[] }> {
    return { items: await this.endpoints.list() };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<Endpoint> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return endpoint;
  }
}
