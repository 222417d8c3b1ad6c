import { type ApiOperationSpec } from './api-operation.decorator';

/** A security requirement object of OpenAPI: scheme name → scopes (none here). */
export type SecurityRequirement = Record<string, string[]>;

/** One registered route with its description, as the explorer found it on a controller. */
export interface DocumentedRoute {
  method: string;
  /** The Nest/Fastify path, e.g. `/v1/sources/:id`. */
  path: string;
  /** The controller's name less `Controller`, used as the tag. */
  tag: string;
  operationId: string;
  /** The success status the route answers. */
  status: number;
  /** Alternatives: any one of them admits the request; empty for a public route. */
  security: SecurityRequirement[];
  spec: ApiOperationSpec;
}
