import { type ConversionDecision } from '@postback/contracts';
import { type Evaluated, decideInOrder } from '../decisions/decide-in-order';
import { factsOf } from '../rules/disposition-facts';
import { evaluateDisposition } from '../rules/evaluate-disposition';
import { type Rule } from '../rules/rule';
import { type KeptDisposition } from './kept-disposition.store';

const REPLAYED = { decisionId: 'backtest', decidedAt: new Date(0) };

/**
 * Replays kept dispositions, in the order rules handled them, through a set of rules with the
 * live path's own pure steps (evaluateDisposition, then decideInOrder against each call's state
 * as the dispositions before it left it): upgrades, reversals and repeats come out as they would
 * have. Stores and emits nothing. Answers, per kept disposition, the decision it would have
 * made, or null (no rule applies, the outcome did not change, or a repeat of an earlier one).
 */
export function replayDispositions(kept: KeptDisposition[], rules: Rule[]): (ConversionDecision | null)[] {
  const evaluated: Evaluated[] = [];
  for (const { disposition, call } of kept) {
    const evaluation = evaluateDisposition(factsOf(disposition, call), rules);
    if (evaluation) evaluated.push({ disposition, evaluation, attributed: call });
  }
  const outcomes = decideInOrder(evaluated, new Map(), new Set(), () => REPLAYED);
  const byEvent = new Map(outcomes.map((outcome) => [outcome.eventId, outcome.decision]));
  // A repeat (same event id) after the first: the first one's decision is its only one.
  const seen = new Set<string>();
  return kept.map(({ disposition }) => {
    if (seen.has(disposition.event_id)) return null;
    seen.add(disposition.event_id);
    return byEvent.get(disposition.event_id) ?? null;
  });
}
