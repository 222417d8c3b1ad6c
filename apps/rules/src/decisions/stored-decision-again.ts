import { type ConversionDecision, type Disposition } from '@postback/contracts';

/**
 * What a disposition whose event id was decided before produces now. The same message seen
 * again (replayed after a crash between the database commit and the Kafka commit, or parked
 * on the wait topic as it was) produces the stored decision again, since its first production
 * may not have committed. A repeat — the same disposition sent to ingest again, which derives
 * the same event id, received at another time — produces nothing: its decision is out already.
 */
export function storedDecisionAgain(
  stored: ConversionDecision,
  disposition: Disposition,
): ConversionDecision | null {
  return stored.received_at.getTime() === disposition.received_at.getTime() ? stored : null;
}
