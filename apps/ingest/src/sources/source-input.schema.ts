import { z } from 'zod';
import { isCidr } from '@postback/cidr';
import { isPgStorable } from '@postback/text';
import { normaliseMap } from '../dispositions/disposition-map';

const ipAllowlist = z
  .array(
    z
      .string({ error: 'must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32' })
      .refine(isCidr, 'must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32'),
    { error: 'must be a list of CIDRs' },
  )
  .max(100, 'at most 100 ranges');

/** A NUL or an unpaired surrogate: the map is kept as jsonb, which refuses them. */
const UNSTORABLE = 'may not contain a NUL or an unpaired surrogate';

const dispositionMap = z
  .record(
    z.string().trim().min(1, 'labels may not be empty').max(100, 'labels are at most 100 characters'),
    z
      .string({ error: 'must map to a disposition' })
      .trim()
      .min(1, 'must map to a disposition')
      .max(100)
      .refine(isPgStorable, `dispositions ${UNSTORABLE}`),
    { error: 'must be an object of label → disposition' },
  )
  .refine((map) => Object.keys(map).every(isPgStorable), `labels ${UNSTORABLE}`)
  .refine((map) => Object.keys(map).length <= 500, 'at most 500 labels')
  .transform(normaliseMap);

const rateLimit = z
  .number({ error: 'must be a whole number of requests per second' })
  .int('must be a whole number of requests per second')
  .positive('must be at least 1')
  .max(1_000_000)
  .nullable();

export const sourceInputSchema = z.object({
  name: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(200, 'is longer than 200 characters'),
  ip_allowlist: ipAllowlist.default([]),
  disposition_map: dispositionMap.default({}),
  rate_limit_per_second: rateLimit.default(null),
});

export type SourceInput = z.output<typeof sourceInputSchema>;

/** A change to a source: every field optional; `enabled: false` disables it. */
export const sourcePatchSchema = z
  .object({
    name: sourceInputSchema.shape.name.optional(),
    enabled: z.boolean({ error: 'must be true or false' }).optional(),
    ip_allowlist: ipAllowlist.optional(),
    disposition_map: dispositionMap.optional(),
    rate_limit_per_second: rateLimit.optional(),
  })
  .strict();

export type SourcePatch = z.output<typeof sourcePatchSchema>;
