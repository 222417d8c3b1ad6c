import { type ApiInfo } from './openapi-document';
import { type SecurityRequirement } from './documented-route';
import { type JsonSchema } from './json-schema';

/** A guard and the security it enforces, described as OpenAPI security schemes. */
export interface GuardSecurity {
  guard: abstract new (...args: never[]) => unknown;
  /** Alternatives: any one admits the request. */
  security: SecurityRequirement[];
  schemes: Record<string, JsonSchema>;
}

export interface ApiDocsOptions {
  info: ApiInfo;
  guards: GuardSecurity[];
}

export const API_DOCS_OPTIONS = Symbol('postback:api-docs-options');
