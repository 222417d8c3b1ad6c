import { z } from 'zod';

/** `POST /v1/templates/lint`: what saving the template would refuse, and what it may name. */
export const lintView = z.object({
  problems: z
    .array(z.object({ position: z.number().int(), length: z.number().int(), problem: z.string() }))
    .describe('each with the span of its macro (`{…}`), for an editor to underline'),
  macros: z.array(z.string()).describe('the macros a template may name'),
  formatters: z.array(z.string()).describe('the formatters a macro may take (`{macro|formatter}`)'),
});
