import { SetMetadata } from '@nestjs/common';
import { type ZodType, z } from 'zod';

/** Where the description of a controller method is kept (read back by RouteDocsExplorer). */
export const API_OPERATION = Symbol('postback:api-operation');

/** A request that the live route accepts; the API docs test sends each one. */
export interface ApiExample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * What a route takes and answers. Request parts are the zod schemas that validate them, so the
 * document cannot drift from the validation; path parameters without a schema are plain strings.
 */
export interface ApiOperationSpec {
  summary: string;
  description?: string;
  /** An object schema: one path parameter per property. */
  params?: ZodType;
  /** An object schema: one query parameter per property. */
  query?: ZodType;
  /** An object schema: one header parameter per property. */
  headers?: ZodType;
  body?: ZodType;
  /** Media types the body may come in (default JSON). */
  bodyTypes?: string[];
  /** The success answer (its status comes from @HttpCode, else 201 for POST and 200 otherwise). */
  returns?: { description: string; schema?: ZodType; mediaType?: string };
  /**
   * Other answers besides validation (400) and authentication (401), which are derived: a
   * description of an answer in the common `{error, message}` shape, or an answer of its own.
   */
  errors?: Record<number, string | { description: string; schema?: ZodType }>;
  example?: ApiExample;
}

/** Describes a controller method in the service's OpenAPI document (routes without it are left out). */
export const ApiOperation = (spec: ApiOperationSpec) => SetMetadata(API_OPERATION, spec);

/** Path parameters that ParseUUIDPipe checks, described as UUIDs. */
export const uuidParams = (...names: string[]) =>
  z.object(Object.fromEntries(names.map((name) => [name, z.uuid({ error: 'must be a UUID' })])));
