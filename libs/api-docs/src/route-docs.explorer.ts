import { Inject, Injectable, RequestMethod } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
} from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { API_OPERATION, type ApiOperationSpec } from './api-operation.decorator';
import { API_DOCS_OPTIONS, type ApiDocsOptions } from './api-docs.options';
import { type DocumentedRoute, type SecurityRequirement } from './documented-route';

type Handler = (...args: unknown[]) => unknown;

const pathOf = (...parts: unknown[]): string =>
  '/' +
  parts
    .map((part) => (Array.isArray(part) ? String(part[0] ?? '') : String(part ?? '')))
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

/**
 * Reads every documented route of the running Nest app from its controllers' metadata: the
 * method and path Nest registers, the success status (@HttpCode), and the security that the
 * route's guards enforce, so neither can disagree with what the route does.
 */
@Injectable()
export class RouteDocsExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Inject(API_DOCS_OPTIONS) private readonly options: ApiDocsOptions,
  ) {}

  routes(): DocumentedRoute[] {
    const routes: DocumentedRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, Handler>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const spec = Reflect.getMetadata(API_OPERATION, handler) as ApiOperationSpec | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (!spec || method === undefined) continue;
        const verb = RequestMethod[method];
        const tag = controller.name.replace(/Controller$/, '');
        routes.push({
          method: verb,
          path: pathOf(
            Reflect.getMetadata(PATH_METADATA, controller),
            Reflect.getMetadata(PATH_METADATA, handler),
          ),
          tag,
          operationId: `${tag}_${name}`,
          status:
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (verb === 'POST' ? 201 : 200),
          security: this.securityOf([
            ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[]) ?? []),
            ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? []),
          ]),
          spec,
        });
      }
    }
    return routes;
  }

  private securityOf(guards: unknown[]): SecurityRequirement[] {
    for (const guard of guards) {
      const known = this.options.guards.find((entry) => entry.guard === guard);
      if (known) return known.security;
    }
    return [];
  }
}
