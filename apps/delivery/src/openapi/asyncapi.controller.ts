import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { type Config, InjectConfig } from '@postback/config';
import { z } from 'zod';
import { asyncApiDocument } from './asyncapi.document';

const map = z.record(z.string(), z.record(z.string(), z.unknown()));

/** The top of the document; below it, the shape is the AsyncAPI 3.0 specification's own. */
const asyncApiView = z.object({
  asyncapi: z.literal('3.0.0'),
  info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
  channels: map,
  operations: map,
  components: z.object({ schemas: map }),
});

/** The topics for the teams that consume them, as AsyncAPI 3, from the running configuration. */
@Controller()
export class AsyncApiController {
  private readonly document: Record<string, unknown>;

  constructor(@InjectConfig() config: Config) {
    this.document = asyncApiDocument(config, config.delivery.retrySchedule);
  }

  @Get('asyncapi.json')
  @ApiOperation({
    summary:
      'The Kafka topics as AsyncAPI 3: channels, Avro schemas, keys, headers, schema-registry subjects',
    returns: { description: 'the AsyncAPI document', schema: asyncApiView },
  })
  asyncApi(): Record<string, unknown> {
    return this.document;
  }
}
