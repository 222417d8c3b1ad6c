import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation } from './api-operation.decorator';
import { API_DOCS_OPTIONS, type ApiDocsOptions } from './api-docs.options';
import { openApiDocument } from './openapi-document';
import { RouteDocsExplorer } from './route-docs.explorer';

/** The service's API as OpenAPI 3.1, generated once from its controllers and validators. */
@Controller()
export class OpenApiController {
  private document?: Record<string, unknown>;

  constructor(
    private readonly explorer: RouteDocsExplorer,
    @Inject(API_DOCS_OPTIONS) private readonly options: ApiDocsOptions,
  ) {}

  @Get('openapi.json')
  @ApiOperation({
    summary: 'This API as OpenAPI 3.1 (rendered at /docs)',
    returns: { description: 'the OpenAPI document' },
  })
  openApi(): Record<string, unknown> {
    const schemes = Object.assign({}, ...this.options.guards.map((entry) => entry.schemes)) as Record<
      string,
      Record<string, unknown>
    >;
    this.document ??= openApiDocument(this.options.info, this.explorer.routes(), schemes);
    return this.document;
  }
}
