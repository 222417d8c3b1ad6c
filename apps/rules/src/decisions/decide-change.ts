import { type DecisionStatus, type DecisionType } from '@postback/contracts';
import { compareDecimals, subtract } from '@postback/money';

export interface ConversionState {
  type: DecisionType;
  value: string;
}

/** Order of outcomes when values tie: a conversion outranks a partial, then micro, service, none. */
export const OUTCOME_RANK: Record<DecisionType, number> = {
  conversion: 4,
  partial: 3,
  micro: 2,
  service: 1,
  none: 0,
};

export interface Change {
  status: DecisionStatus;
  delta: string;
}

/**
 * How a call's new outcome relates to its current one: the first decision is `new`;
 * a higher value (or, at equal value, a higher-ranked type) is an `upgrade`; a lower one a
 * `reversal` with a negative or zero delta; the same type and value is no change at all.
 */
export function decideChange(current: ConversionState | null, next: ConversionState): Change | null {
  if (!current) return { status: 'new', delta: subtract(next.value, '0') };
  const byValue = compareDecimals(next.value, current.value);
  if (byValue === 0 && next.type === current.type) return null;
  const better = byValue > 0 || (byValue === 0 && OUTCOME_RANK[next.type] > OUTCOME_RANK[current.type]);
  return { status: better ? 'upgrade' : 'reversal', delta: subtract(next.value, current.value) };
}
