import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { type Config, InjectConfig } from '@postback/config';
import { asyncApiDocument } from './asyncapi.document';

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
    returns: { description: 'the AsyncAPI document' },
  })
  asyncApi(): Record<string, unknown> {
    return this.document;
  }
}
