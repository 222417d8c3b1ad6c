import { z } from 'zod';
import { parseTimestamp } from './parse-timestamp';

/** Limits shared by every inbound event's custom fields. */
export const CUSTOM_FIELD_LIMITS = { count: 50, nameLength: 64, valueLength: 512 };
export const MAX_BATCH_SIZE = 500;

const TIMESTAMP_PROBLEM = 'must be ISO-8601 with a zone, or Unix seconds or milliseconds';
/**
 * Times a dialer can mean. Beyond them a value is a unit mistake, and far beyond them it is one
 * that PostgreSQL's timestamptz or a JavaScript Date cannot even hold.
 */
export const TIMESTAMP_RANGE = { from: Date.UTC(2000, 0, 1), to: Date.UTC(2100, 0, 1) };
const RANGE_PROBLEM = 'must be between 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z';

/** A dialer's timestamp as a Date: ISO-8601 with a zone, or Unix seconds or milliseconds. */
export const timestampField = z
  .union([z.number(), z.string().trim()], { error: TIMESTAMP_PROBLEM })
  .transform((raw, ctx) => {
    const parsed = parseTimestamp(raw);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: TIMESTAMP_PROBLEM });
      return z.NEVER;
    }
    if (parsed.getTime() < TIMESTAMP_RANGE.from || parsed.getTime() >= TIMESTAMP_RANGE.to) {
      ctx.addIssue({ code: 'custom', message: RANGE_PROBLEM });
      return z.NEVER;
    }
    return parsed;
  });

/** Custom fields: bounded count, name and value lengths; scalar values kept as strings. */
export const customFieldsSchema = z
  .record(
    z
      .string()
      .max(CUSTOM_FIELD_LIMITS.nameLength, `names are at most ${CUSTOM_FIELD_LIMITS.nameLength} characters`),
    z
      .union([z.string(), z.number(), z.boolean()], { error: 'must be a string, number or boolean' })
      .transform(String)
      .pipe(
        z
          .string()
          .max(
            CUSTOM_FIELD_LIMITS.valueLength,
            `is longer than ${CUSTOM_FIELD_LIMITS.valueLength} characters`,
          ),
      ),
    { error: 'must be an object' },
  )
  .refine((fields) => Object.keys(fields).length <= CUSTOM_FIELD_LIMITS.count, {
    message: `at most ${CUSTOM_FIELD_LIMITS.count} custom fields`,
  });
