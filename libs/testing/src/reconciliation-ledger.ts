/**
 * The reconciliation ledger of a fault run, as a pure function: every disposition accepted with
 * 202 → exactly one decision path in rules → for each endpoint of the run exactly one
 * acknowledged delivery, or one dead-lettered delivery with its reason. Whatever does not fit
 * is listed with its ids, so that a failing fault test says what went missing, twice or stuck.
 */

/** A disposition ingest answered 202 for (recorded by the load generator). */
export interface AcceptedItem {
  callId: string;
  eventId: string;
}

/** Rules' record that it processed a disposition: the decision it made, or null (no change). */
export interface DecisionPath {
  eventId: string;
  decisionId: string | null;
}

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

/** A row of delivery's table. */
export interface DeliveryRecord {
  deliveryId: string;
  decisionId: string;
  endpointId: string;
  status: DeliveryStatus;
  lastError: string | null;
}

/** What the run expects of an endpoint's deliveries; `either` for receivers that may recover or not. */
export type ExpectedOutcome = 'delivered' | 'dead-lettered' | 'either';

export interface LedgerEndpoint {
  endpointId: string;
  expect: ExpectedOutcome;
}

export interface LedgerInput {
  accepted: AcceptedItem[];
  decisions: DecisionPath[];
  deliveries: DeliveryRecord[];
  endpoints: LedgerEndpoint[];
  /** webhook-id (= delivery id) → how many times the receiver acknowledged it (a full 2xx success). */
  acknowledged: ReadonlyMap<string, number>;
  /** delivery id → messages on postbacks.dlq; omitted when the run does not read the DLQ. */
  deadLetters?: ReadonlyMap<string, number>;
  /**
   * Deliveries the receiver had acknowledged but delivery had not yet recorded when it was
   * killed: no sender can know those were sent, so one second acknowledgement each is the
   * at-least-once price of the crash (counted as redelivered), not a duplicate.
   */
  unrecordedAtCrash?: ReadonlySet<string>;
  /**
   * delivery id → attempts delivery recorded as unanswered (timeout, reset): the receiver may
   * have taken each of them, so each allows one more acknowledgement (the webhook-id is how a
   * receiver dedupes those). A resend after a recorded success is never excused.
   */
  unansweredAttempts?: ReadonlyMap<string, number>;
}

/** One problem, with the ids to look it up by. */
export interface LedgerEntry {
  callId: string;
  eventId: string;
  decisionId?: string;
  endpointId?: string;
  deliveryId?: string;
  problem: string;
}

export interface LedgerReport {
  accepted: number;
  decided: number;
  /** Accepted dispositions × endpoints whose decision wants a delivery. */
  expectedDeliveries: number;
  delivered: number;
  deadLettered: number;
  /** Extra acknowledgements of sends the sender could not know had arrived (crash, timeout, reset). */
  redelivered: number;
  missing: LedgerEntry[];
  duplicated: LedgerEntry[];
  /** Still pending or retrying. */
  stuck: LedgerEntry[];
  /** Finished, but not the way the endpoint's expectation or the receiver's record says. */
  wrong: LedgerEntry[];
  clean: boolean;
}

export function reconcile(input: LedgerInput): LedgerReport {
  const report: LedgerReport = {
    accepted: input.accepted.length,
    decided: 0,
    expectedDeliveries: 0,
    delivered: 0,
    deadLettered: 0,
    redelivered: 0,
    missing: [],
    duplicated: [],
    stuck: [],
    wrong: [],
    clean: false,
  };
  const pathsByEvent = groupBy(input.decisions, (path) => path.eventId);
  const deliveriesByKey = groupBy(input.deliveries, (row) => `${row.decisionId}:${row.endpointId}`);
  const seenEvents = new Set<string>();

  for (const item of input.accepted) {
    const at = { callId: item.callId, eventId: item.eventId };
    if (seenEvents.has(item.eventId)) {
      report.duplicated.push({ ...at, problem: 'accepted twice under the same event id' });
      continue;
    }
    seenEvents.add(item.eventId);
    const paths = pathsByEvent.get(item.eventId) ?? [];
    if (paths.length === 0) {
      report.missing.push({ ...at, problem: 'never decided' });
      continue;
    }
    if (paths.length > 1) report.duplicated.push({ ...at, problem: `${paths.length} decision paths` });
    report.decided += 1;
    const { decisionId } = paths[0];
    if (decisionId === null) continue; // decided "no change": nothing to deliver
    for (const endpoint of input.endpoints) {
      report.expectedDeliveries += 1;
      const rows = deliveriesByKey.get(`${decisionId}:${endpoint.endpointId}`) ?? [];
      checkDelivery(report, input, endpoint, rows, { ...at, decisionId, endpointId: endpoint.endpointId });
    }
  }
  report.clean =
    report.missing.length + report.duplicated.length + report.stuck.length + report.wrong.length === 0;
  return report;
}

function checkDelivery(
  report: LedgerReport,
  input: LedgerInput,
  endpoint: LedgerEndpoint,
  rows: DeliveryRecord[],
  at: Omit<LedgerEntry, 'problem'>,
): void {
  if (rows.length === 0) {
    report.missing.push({ ...at, problem: 'no delivery' });
    return;
  }
  if (rows.length > 1) {
    report.duplicated.push({ ...at, problem: `${rows.length} deliveries for one decision and endpoint` });
  }
  const row = rows[0];
  const entry = { ...at, deliveryId: row.deliveryId };
  const acks = input.acknowledged.get(row.deliveryId) ?? 0;
  const allowed =
    1 +
    (input.unansweredAttempts?.get(row.deliveryId) ?? 0) +
    (input.unrecordedAtCrash?.has(row.deliveryId) ? 1 : 0);
  if (acks > 1 && acks <= allowed) report.redelivered += acks - 1;
  else if (acks > 1)
    report.duplicated.push({ ...entry, problem: `acknowledged ${acks} times by the receiver` });
  if (row.status === 'pending' || row.status === 'retrying') {
    report.stuck.push({ ...entry, problem: `still ${row.status}` });
    return;
  }
  if (row.status === 'delivered') {
    report.delivered += 1;
    if (acks === 0) report.missing.push({ ...entry, problem: 'marked delivered, never acknowledged' });
    if (endpoint.expect === 'dead-lettered')
      report.wrong.push({ ...entry, problem: 'delivered, expected dead-lettered' });
    return;
  }
  report.deadLettered += 1;
  if (!row.lastError) report.wrong.push({ ...entry, problem: 'dead-lettered without a reason' });
  if (acks > 0) report.wrong.push({ ...entry, problem: 'dead-lettered, yet the receiver acknowledged it' });
  if (endpoint.expect === 'delivered')
    report.wrong.push({ ...entry, problem: `dead-lettered (${row.lastError}), expected delivered` });
  if (input.deadLetters) {
    const messages = input.deadLetters.get(row.deliveryId) ?? 0;
    if (messages === 0) report.missing.push({ ...entry, problem: 'failed, but not on postbacks.dlq' });
    if (messages > 1) report.duplicated.push({ ...entry, problem: `${messages} messages on postbacks.dlq` });
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
