import { z } from 'zod';

/**
 * The rule for a call id, and for the ids that travel with it (campaign, publisher, buyer):
 * the Kafka key and a macro value, so short and plain.
 */
export const CALL_ID_RULE = {
  maxLength: 128,
  pattern: /^[\w.:@-]+$/,
  problem: 'may contain only letters, digits and . _ : @ -',
} as const;

const id = (missing: string, empty: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, empty)
    .max(CALL_ID_RULE.maxLength, `is longer than ${CALL_ID_RULE.maxLength} characters`)
    .regex(CALL_ID_RULE.pattern, CALL_ID_RULE.problem);

/** A required id: trimmed, then 1–128 characters of the rule. */
export const callIdField = id('is required', 'is required');

/** An optional id (publisher, buyer): when given, the same rule. */
export const optionalIdField = id('must be a string', 'may not be empty').optional();
