import { type ConversionDecision } from '@postback/contracts';
import { pgSafeJson } from '@postback/text';

/** JSON escapes jsonb refuses: a NUL, or a surrogate (JSON.stringify escapes only the lone ones). */
const UNSAFE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/**
 * A decision as jsonb text. What jsonb cannot hold (NUL, a lone surrogate) is stored as
 * U+FFFD; the first attempt still sends it exactly. One JSON.stringify when nothing needs
 * replacing (nearly always), the walk over every string only when something might.
 */
export function storedDecisionJson(decision: ConversionDecision): string {
  const json = JSON.stringify(decision);
  return UNSAFE_ESCAPE.test(json) ? JSON.stringify(pgSafeJson(JSON.parse(json))) : json;
}
