import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi.document';

/** The ingest API described as OpenAPI 3.1, for client generators and humans. */
@Controller()
export class OpenApiController {
  @Get('openapi.json')
  document(): Record<string, unknown> {
    return openApiDocument;
  }
}
