import { z } from 'zod';

/** A test or preview of an endpoint: the request as rendered (and sent), and what came back. */
export const endpointTestView = z.object({
  dry_run: z.boolean(),
  request: z
    .object({
      method: z.enum(['GET', 'POST', 'PUT']),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
      body: z.string().nullable(),
    })
    .describe('exactly as rendered and sent; credentials redacted, the signature shown'),
  response: z
    .object({
      status: z.number().int().nullable(),
      body: z.string(),
      duration_ms: z.number().min(0),
      error: z.string().nullable(),
    })
    .nullable()
    .describe('null on a dry run'),
  success: z
    .boolean()
    .nullable()
    .describe("whether the endpoint's success rule accepts it; null on a dry run"),
});
