import { decimalText } from '@postback/api-docs';
import { z } from 'zod';

const decisionType = z.enum(['conversion', 'partial', 'micro', 'none', 'service']);

/** What the API shows of an endpoint's auth: its kind and non-secret parts, never a secret. */
export const publicAuthView = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('header'), name: z.string() }),
  z.object({ type: z.literal('basic'), username: z.string() }),
  z.object({
    type: z.literal('standard_webhooks'),
    secrets: z.number().int().positive().describe('how many secrets (two while rotating); never one'),
  }),
]);

/** An endpoint as the admin API shows it. */
export const endpointView = z.object({
  id: z.uuid(),
  name: z.string(),
  url_template: z.string(),
  method: z.enum(['GET', 'POST', 'PUT']),
  headers: z.record(z.string(), z.string()),
  body_template: z.string().nullable(),
  scope: z.union([
    z.object({ type: z.literal('global'), id: z.null() }),
    z.object({ type: z.enum(['campaign', 'publisher', 'buyer']), id: z.string() }),
  ]),
  filter: z.object({
    types: z.array(decisionType),
    min_value: decimalText().nullable(),
    upgrades: z.boolean(),
    reversals: z.boolean(),
  }),
  auth: publicAuthView,
  success: z.object({ body_pattern: z.string().nullable() }),
  missing_macro: z
    .enum(['empty', 'fail'])
    .describe('a macro with no value: rendered empty, or the delivery fails'),
  active: z.boolean(),
  disabled_reason: z.string().nullable().describe('why the circuit breaker took it out of delivery'),
  rate_limit_per_second: z.number().nullable().describe('null: DELIVERY_ENDPOINT_RATE_PER_SECOND'),
  max_in_flight: z.number().int().nullable().describe('null: DELIVERY_ENDPOINT_CONCURRENCY'),
  backup_url_template: z.string().nullable(),
  backup_after_failures: z.number().int().nullable(),
});

export type PublicAuth = z.output<typeof publicAuthView>;
export type PublicEndpoint = z.output<typeof endpointView>;
