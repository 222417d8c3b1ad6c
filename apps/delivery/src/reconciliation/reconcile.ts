import { fromUnits, toUnits } from '@postback/money';
import { type DeliveryStatus } from '../deliveries/delivery.entity';
import { type PartnerReport } from './partner-row';

/** One of our deliveries to the endpoint in the range, keyed the way the partner's report is. */
export interface OurDelivery {
  delivery_id: string;
  call_id: string;
  /** The call id or the click id (null: the decision carried no click id). */
  key: string | null;
  status: DeliveryStatus;
  /** The decision's status: new, upgrade or reversal. */
  change: string;
  value: string;
  decided_at: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
}

export interface Differences {
  matched: number;
  value_differences: {
    key: string;
    line: number;
    delivery_id: string;
    ours: string;
    theirs: string;
    difference: string;
  }[];
  we_delivered_they_lack: { key: string; delivery_id: string; call_id: string; value: string }[];
  they_have_we_never_sent: { key: string; line: number; value: string; ours: OurDelivery[] }[];
  duplicates: {
    ours: { key: string; delivery_ids: string[] }[];
    theirs: { key: string; lines: number[] }[];
  };
  totals: {
    ours: { count: number; value: string };
    theirs: { count: number; rows: number; value: string };
    /** Theirs minus ours. */
    net_difference: string;
  };
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/**
 * Our delivered postbacks against the partner's rows, key by key. A key's value on our side is
 * the value of its last delivered decision (an upgrade replaces the earlier one); on theirs, its
 * first row's (further rows are duplicates, listed, and counted in their total as they count
 * them). A matched key's values differing by more than the tolerance is a value difference. Our
 * duplicates: a key with more than one delivered `new` decision (two conversions for one key).
 */
export function reconcile(ours: OurDelivery[], theirs: PartnerReport, tolerance: string): Differences {
  const delivered = new Map<string, OurDelivery[]>();
  const waiting = new Map<string, OurDelivery[]>();
  for (const delivery of ours) {
    if (delivery.key === null) continue;
    const into = delivery.status === 'delivered' ? delivered : waiting;
    into.set(delivery.key, [...(into.get(delivery.key) ?? []), delivery]);
  }
  const limit = toUnits(tolerance);
  const result: Differences = {
    matched: 0,
    value_differences: [],
    we_delivered_they_lack: [],
    they_have_we_never_sent: [],
    duplicates: { ours: [], theirs: [] },
    totals: {
      ours: { count: 0, value: '0.00' },
      theirs: { count: theirs.keys.size, rows: theirs.rows, value: fromUnits(theirs.value) },
      net_difference: '0.00',
    },
  };
  let ourValue = 0n;
  for (const [key, deliveries] of delivered) {
    const last = deliveries.reduce((a, b) => (b.decided_at > a.decided_at ? b : a));
    const value = toUnits(last.value);
    ourValue += value;
    const news = deliveries.filter((d) => d.change === 'new');
    if (news.length > 1) result.duplicates.ours.push({ key, delivery_ids: news.map((d) => d.delivery_id) });
    const partner = theirs.keys.get(key);
    if (!partner) {
      result.we_delivered_they_lack.push({
        key,
        delivery_id: last.delivery_id,
        call_id: last.call_id,
        value: last.value,
      });
      continue;
    }
    result.matched++;
    if (abs(partner.value - value) > limit)
      result.value_differences.push({
        key,
        line: partner.line,
        delivery_id: last.delivery_id,
        ours: last.value,
        theirs: fromUnits(partner.value),
        difference: fromUnits(partner.value - value),
      });
  }
  for (const [key, partner] of theirs.keys) {
    if (partner.lines.length > 1) result.duplicates.theirs.push({ key, lines: partner.lines });
    if (!delivered.has(key))
      result.they_have_we_never_sent.push({
        key,
        line: partner.line,
        value: fromUnits(partner.value),
        ours: waiting.get(key) ?? [],
      });
  }
  result.totals.ours = { count: delivered.size, value: fromUnits(ourValue) };
  result.totals.net_difference = fromUnits(theirs.value - ourValue);
  return result;
}
