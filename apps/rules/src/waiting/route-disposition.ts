/** Where a disposition from dispositions.v1 goes next. */
export type Route = 'decide' | 'wait';

export interface RouteFacts {
  /** Call events for the call have been seen. */
  callKnown: boolean;
  /** An earlier disposition of the call (or this one, on a replay) is parked. */
  callHasParked: boolean;
  /** The configured wait; 0 turns waiting off. */
  waitMs: number;
}

/**
 * Decide now when the call is known and nothing of it is parked; park it when the call is
 * still unknown (and waiting is on), or when the call has a parked disposition, which
 * keeps one call's dispositions in order.
 */
export function routeDisposition(facts: RouteFacts): Route {
  if (facts.callHasParked) return 'wait';
  if (!facts.callKnown && facts.waitMs > 0) return 'wait';
  return 'decide';
}
