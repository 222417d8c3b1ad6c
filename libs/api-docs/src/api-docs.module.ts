import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { API_DOCS_OPTIONS, type ApiDocsOptions } from './api-docs.options';
import { OpenApiController } from './openapi.controller';
import { RouteDocsExplorer } from './route-docs.explorer';

/** `GET /openapi.json` for one service (the rendered reference at /docs: registerDocsPage). */
@Module({})
export class ApiDocsModule {
  static forService(options: ApiDocsOptions): DynamicModule {
    return {
      module: ApiDocsModule,
      imports: [DiscoveryModule],
      controllers: [OpenApiController],
      providers: [{ provide: API_DOCS_OPTIONS, useValue: options }, RouteDocsExplorer],
    };
  }
}
