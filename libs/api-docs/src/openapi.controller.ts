import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation } from './api-operation.decorator';
import { API_DOCS_OPTIONS, type ApiDocsOptions } from './api-docs.options';
import { openApiDocument } from './openapi-document';
import { RouteDocsExplorer } from './route-docs.explorer';

const info = z.object({ title: z.string(), description: z.string(), version: z.string() });
const map = z.record(z.string(), z.record(z.string(), z.unknown()));

/** The top of the document; below it, the shape is the OpenAPI 3.1 specification's own. */
const openApiView = z.object({
  openapi: z.literal('3.1.0'),
  info,
  paths: map.describe('path → method → operation'),
  components: z.object({ securitySchemes: map, schemas: map }),
});

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
    returns: { description: 'the OpenAPI document', schema: openApiView },
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
