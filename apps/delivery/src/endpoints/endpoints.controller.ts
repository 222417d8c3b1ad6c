import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { endpointInputSchema } from './endpoint-input.schema';
import { EndpointsRepository } from './endpoints.repository';
import { type PublicEndpoint, publicEndpoint } from './public-endpoint';
import { type EndpointTestResult, TestEndpoint } from './test-endpoint.usecase';
import { CircuitGuard } from '../circuit/circuit.guard';

@Controller('v1/endpoints')
@UseGuards(AdminTokenGuard)
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly tester: TestEndpoint,
    private readonly circuits: CircuitGuard,
  ) {}

  @Post()
  async create(@Body() body: unknown): Promise<PublicEndpoint> {
    return publicEndpoint(await this.endpoints.create(parseOrThrow(endpointInputSchema, body ?? {})));
  }

  @Get()
  async list(): Promise<{ items: PublicEndpoint[] }> {
    return { items: (await this.endpoints.list()).map(publicEndpoint) };
  }

  @Get(':id')
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PublicEndpoint> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return publicEndpoint(endpoint);
  }

  /** Renders a sample decision for the endpoint and sends it (or only renders, `?dry_run=true`). */
  @Post(':id/test')
  @HttpCode(200)
  async test(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('dry_run') dryRun: string | undefined,
  ): Promise<EndpointTestResult> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return this.tester.execute(endpoint, dryRun === 'true' || dryRun === '1');
  }

  /**
   * Puts an endpoint that was disabled (by the circuit breaker, after failing continuously) back
   * into delivery with a closed circuit. Its failed deliveries stay in the DLQ until replayed.
   */
  @Post(':id/enable')
  @HttpCode(200)
  async enable(@Param('id', new ParseUUIDPipe()) id: string): Promise<PublicEndpoint> {
    if (!(await this.endpoints.enable(id))) {
      throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    }
    this.circuits.reset(id);
    return publicEndpoint((await this.endpoints.get(id))!);
  }
}
