import { z } from 'zod';

const count = z.number().int().min(0);
const endpointRef = { endpoint_id: z.uuid(), name: z.string() };

/** `GET /v1/overview` on delivery: the last `minutes`, per minute and per endpoint, DLQ and circuits. */
export const deliveryOverviewView = z.object({
  since: z.iso.datetime(),
  per_minute: z.array(
    z.object({ minute: z.iso.datetime(), delivered: count, retrying: count, failed: count }),
  ),
  endpoints: z.array(
    z.object({
      ...endpointRef,
      name: z.string().describe('"(deleted)" for an endpoint no longer there'),
      delivered: count,
      failed: count,
      success_ratio: z.number().min(0).max(1).nullable().describe('null when none finished in the window'),
    }),
  ),
  dlq_size: count,
  open_circuits: z.array(z.object(endpointRef)),
  disabled_endpoints: z.array(z.object({ ...endpointRef, reason: z.string().nullable() })),
});

export type DeliveryOverview = z.output<typeof deliveryOverviewView>;
