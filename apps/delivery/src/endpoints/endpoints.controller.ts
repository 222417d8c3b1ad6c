import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiOperation, uuidParams } from '@postback/api-docs';
import { AdminTokenGuard, ValidationFailedException, parseOrThrow } from '@postback/http';
import { z } from 'zod';
import { endpointInputSchema } from './endpoint-input.schema';
import { keptSecretProblems, patchProblems, patchedInput } from './endpoint-patch';
import { EndpointsRepository } from './endpoints.repository';
import { endpointTestView } from './endpoint-test-view.schema';
import { endpointView } from './endpoint-view.schema';
import { type PublicEndpoint, publicEndpoint } from './public-endpoint';
import { TestEndpoint } from './test-endpoint.usecase';
import { CircuitGuard } from '../circuit/circuit.guard';

const endpointId = uuidParams('id');
const NOT_FOUND = { 404: 'no endpoint with this id' };

@Controller('v1/endpoints')
@UseGuards(AdminTokenGuard)
export class EndpointsController {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly tester: TestEndpoint,
    private readonly circuits: CircuitGuard,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'A destination: its URL template, method, headers, body template, scope, filter, auth and success rule',
    description:
      'An unknown macro or formatter is refused with its position; secrets in `auth` are stored sealed and never returned.',
    body: endpointInputSchema,
    returns: { description: 'the endpoint (auth: its type and non-secret parts only)', schema: endpointView },
    example: {
      body: {
        name: 'Client CRM',
        url_template:
          'https://client-system.com/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp|unix}',
        method: 'GET',
        scope: { type: 'publisher', id: 'pub-17' },
        filter: { types: ['conversion', 'partial'] },
        auth: { type: 'standard_webhooks', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] },
        success: { body_pattern: '"success"\\s*:\\s*true' },
      },
    },
  })
  async create(@Body() body: unknown): Promise<PublicEndpoint> {
    return publicEndpoint(await this.endpoints.create(parseOrThrow(endpointInputSchema, body ?? {})));
  }

  @Get()
  @ApiOperation({
    summary: 'Every destination',
    returns: { description: 'the endpoints', schema: z.object({ items: z.array(endpointView) }) },
  })
  async list(): Promise<{ items: PublicEndpoint[] }> {
    return { items: (await this.endpoints.list()).map(publicEndpoint) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One destination',
    params: endpointId,
    returns: { description: 'the endpoint', schema: endpointView },
    errors: NOT_FOUND,
  })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PublicEndpoint> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return publicEndpoint(endpoint);
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Change some of a destination's settings; what the body leaves out is kept",
    description:
      'Takes any of the fields `POST /v1/endpoints` takes and validates the result as a create. ' +
      '`filter` and `success` are merged field by field; `headers` is replaced whole. ' +
      '`auth` of the stored type keeps each secret it leaves out (a secret given is sealed again); ' +
      'auth of another type brings its own. A kept secret never follows the endpoint to another ' +
      'host, header name or user name: such an edit must give it again (400 on `auth`). Whether ' +
      'the endpoint is in delivery, its circuit and its deliveries are left as they are; every ' +
      'attempt from now on uses the new settings, retries and DLQ replays of earlier decisions too.',
    params: endpointId,
    body: endpointInputSchema.partial(),
    returns: { description: 'the endpoint (auth: its type and non-secret parts only)', schema: endpointView },
    errors: NOT_FOUND,
    example: {
      body: {
        name: 'Client CRM (EU)',
        url_template:
          'https://client-system.com/postback/v2?call_id={call_id}&value={conversion_value}&timestamp={timestamp|unix}',
        auth: { type: 'standard_webhooks' },
      },
    },
  })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown): Promise<PublicEndpoint> {
    const problems = patchProblems(body);
    if (problems.length > 0) throw new ValidationFailedException(problems);
    const patch = body as Record<string, unknown>;
    const endpoint = await this.endpoints.update(id, (current) => {
      const kept = keptSecretProblems(current, patch);
      if (kept.length > 0) throw new ValidationFailedException(kept);
      return parseOrThrow(endpointInputSchema, patchedInput(current, patch));
    });
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return publicEndpoint(endpoint);
  }

  /** Renders a sample decision for the endpoint and sends it (or only renders, `?dry_run=true`). */
  @Post(':id/test')
  @ApiOperation({
    summary: 'Render a sample decision for the endpoint and send it; answers the exact request and response',
    params: endpointId,
    query: z.object({ dry_run: z.enum(['true', '1', 'false']).optional().describe('true: only render') }),
    returns: {
      description: 'the request as sent (credentials redacted) and the response',
      schema: endpointTestView,
    },
    errors: NOT_FOUND,
    example: { query: { dry_run: 'true' } },
  })
  @HttpCode(200)
  async test(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('dry_run') dryRun: string | undefined,
  ): Promise<z.output<typeof endpointTestView>> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    return this.tester.execute(endpoint, dryRun === 'true' || dryRun === '1');
  }

  /**
   * Puts an endpoint that was disabled (by the circuit breaker, after failing continuously) back
   * into delivery with a closed circuit. Its failed deliveries stay in the DLQ until replayed.
   */
  @Post(':id/enable')
  @ApiOperation({
    summary: 'Put an endpoint the circuit breaker disabled back into delivery, with a closed circuit',
    params: endpointId,
    returns: { description: 'the endpoint', schema: endpointView },
    errors: NOT_FOUND,
  })
  @HttpCode(200)
  async enable(@Param('id', new ParseUUIDPipe()) id: string): Promise<PublicEndpoint> {
    if (!(await this.endpoints.enable(id))) {
      throw new NotFoundException({ error: 'not_found', message: `no endpoint with id ${id}` });
    }
    this.circuits.reset(id);
    return publicEndpoint((await this.endpoints.get(id))!);
  }
}
