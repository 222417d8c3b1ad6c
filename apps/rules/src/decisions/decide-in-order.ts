import { randomUUID } from 'node:crypto';
import { type ConversionDecision, type Disposition } from '@postback/contracts';
import { type ConversionState, decideChange } from './decide-change';
import { toConversionDecision } from './to-conversion-decision';
import { type AttributedCall } from '../calls/attribute-disposition';
import { type Evaluation } from '../rules/rule';

/** A disposition a rule applies to, waiting for its call's lock. */
export interface Evaluated {
  disposition: Disposition;
  evaluation: Evaluation;
  attributed: AttributedCall;
}

/** What one disposition came to under the lock; `decision` is null when it changed nothing. */
export interface Outcome {
  eventId: string;
  callId: string;
  decision: ConversionDecision | null;
}

/**
 * Under the calls' locks: each disposition (in input order) against its call's state as
 * the ones before it left it, so a batch holding several of one call still sees upgrades
 * and reversals between them. One decided before (even if it changed nothing), or twice
 * in the batch, is skipped: judging it again against the call's state now, which later
 * events may have moved, would invent a change. `states` and `processed` are updated.
 */
export function decideInOrder(
  evaluated: Evaluated[],
  states: Map<string, ConversionState>,
  processed: Set<string>,
  ids: () => { decisionId: string; decidedAt: Date } = () => ({
    decisionId: randomUUID(),
    decidedAt: new Date(),
  }),
): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const { disposition, evaluation, attributed } of evaluated) {
    if (processed.has(disposition.event_id)) continue;
    processed.add(disposition.event_id);
    const current = states.get(disposition.call_id) ?? null;
    const change = decideChange(current, evaluation);
    const decision = change
      ? toConversionDecision(disposition, evaluation, change, current, attributed, ids())
      : null;
    if (decision) states.set(disposition.call_id, { type: decision.type, value: decision.value });
    outcomes.push({ eventId: disposition.event_id, callId: disposition.call_id, decision });
  }
  return outcomes;
}
