import { z } from 'zod';
import { patternProblem } from '@postback/text';
import { DEFAULT_DECISION_TYPES } from './endpoint';
import { headerValueProblem } from '../templates/header-value';
import { parseTemplate } from '../templates/template';

/** Failed attempts on the primary before a delivery goes to the backup, unless the endpoint says. */
export const BACKUP_AFTER_FAILURES = 2;

const DECISION_TYPES = ['conversion', 'partial', 'micro', 'none', 'service'] as const;

/** A template field: every unknown macro or formatter is an error naming its position. */
const template = (kind: 'url' | 'body' | 'header') =>
  z.string().superRefine((value, ctx) => {
    for (const { position, problem } of parseTemplate(value).problems) {
      ctx.addIssue({ code: 'custom', message: `${problem} at position ${position}` });
    }
    const textProblem = kind === 'header' && headerValueProblem(value.replace(/\{[^{}]*\}/g, ''));
    if (textProblem) ctx.addIssue({ code: 'custom', message: textProblem });
    if (kind === 'url') {
      const probe = value.replace(/\{[^{}]*\}/g, 'x');
      if (!URL.canParse(probe) || !/^https?:$/.test(new URL(probe).protocol)) {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' });
      }
    }
  });

const WHSEC = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/;

const auth = z
  .discriminatedUnion(
    'type',
    [
      z.object({ type: z.literal('none') }),
      z.object({
        type: z.literal('header'),
        name: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and -'),
        value: z
          .string()
          .min(1, 'is required')
          .max(2048)
          .refine((v) => headerValueProblem(v) === null, 'must be printable ASCII text'),
      }),
      z.object({
        type: z.literal('basic'),
        username: z
          .string()
          .min(1, 'is required')
          .refine((u) => !u.includes(':'), 'must not contain ":"'),
        password: z.string().min(1, 'is required'),
      }),
      z.object({
        type: z.literal('standard_webhooks'),
        secrets: z
          .array(z.string().regex(WHSEC, 'must be whsec_ followed by a base64 key of at least 12 bytes'))
          .min(1, 'needs one secret, or two while rotating')
          .max(2, 'at most two secrets are active (the new one and the old one while rotating)'),
      }),
    ],
    { error: 'type must be none, header, basic or standard_webhooks' },
  )
  .default({ type: 'none' });

const bodyPattern = z
  .string()
  .max(500)
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem)
      ctx.addIssue({ code: 'custom', message: `is not a valid RE2 regular expression: ${problem}` });
  });

/** `POST /v1/endpoints` */
export const endpointInputSchema = z.object({
  name: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200),
  url_template: template('url'),
  method: z.enum(['GET', 'POST', 'PUT'], { error: 'must be GET, POST or PUT' }).default('GET'),
  headers: z
    .record(
      z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'header names are letters, digits and -'),
      template('header').pipe(z.string().max(2048)),
    )
    .default({}),
  body_template: template('body').nullable().default(null),
  scope: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('global'), id: z.null().default(null) }),
      z.object({ type: z.enum(['campaign', 'publisher', 'buyer']), id: z.string().min(1, 'is required') }),
    ])
    .default({ type: 'global', id: null }),
  filter: z
    .object({
      types: z.array(z.enum(DECISION_TYPES)).min(1).default(DEFAULT_DECISION_TYPES),
      min_value: z
        .string()
        .regex(/^\d+(\.\d{1,4})?$/, 'must be a decimal')
        .nullable()
        .default(null),
      upgrades: z.boolean().default(true),
      reversals: z.boolean().default(true),
    })
    .default({ types: DEFAULT_DECISION_TYPES, min_value: null, upgrades: true, reversals: true }),
  auth,
  missing_macro: z.enum(['empty', 'fail'], { error: 'must be empty or fail' }).default('empty'),
  success: z.object({ body_pattern: bodyPattern.nullable().default(null) }).default({ body_pattern: null }),
  // Per-endpoint limits; null (the default) takes the service's defaults.
  rate_limit_per_second: z
    .number({ error: 'must be a number of requests per second, or null for the default' })
    .positive('must be above 0 (null for the default)')
    .max(100_000, 'must be at most 100000')
    .nullable()
    .default(null),
  max_in_flight: z
    .number({ error: 'must be a whole number of requests, or null for the default' })
    .int('must be a whole number')
    .min(1, 'must be at least 1 (null for the default)')
    .max(10_000, 'must be at most 10000')
    .nullable()
    .default(null),
  // The backup: another URL (same method, headers, body and auth; the same template and SSRF rules).
  backup_url_template: template('url').nullable().default(null),
  backup_after_failures: z
    .number({ error: 'must be a whole number of failed attempts' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .default(BACKUP_AFTER_FAILURES),
});

export type EndpointInput = z.output<typeof endpointInputSchema>;
