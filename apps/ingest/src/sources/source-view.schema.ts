import { z } from 'zod';

/** What the admin routes answer about a source and its keys (never a stored key). */
export const sourceView = z.object({
  id: z.uuid(),
  name: z.string(),
  enabled: z.boolean(),
  ip_allowlist: z.array(z.string()),
  disposition_map: z.record(z.string(), z.string()).describe('label → canonical disposition'),
  rate_limit_per_second: z.number().int().nullable(),
  signature_required: z.boolean(),
  created_at: z.iso.datetime(),
});

export const apiKeyView = z.object({
  id: z.uuid(),
  prefix: z.string(),
  created_at: z.iso.datetime(),
  revoked_at: z.iso.datetime().nullable(),
});

/** A key as issued: the only time `key` is shown. */
export const issuedKeyView = apiKeyView.extend({ key: z.string().regex(/^pk_/) });
