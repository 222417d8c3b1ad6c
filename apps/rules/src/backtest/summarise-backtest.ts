import { type ConversionDecision, type DecisionStatus, type DecisionType } from '@postback/contracts';
import { fromUnits, toUnits } from '@postback/money';
import { OUTCOME_RANK } from '../decisions/decide-change';

/** One kept disposition with what it would have decided under the current and the proposed rules. */
export interface ReplayedRow {
  callId: string;
  inRange: boolean;
  before: ConversionDecision | null;
  after: ConversionDecision | null;
}

export interface DecidingRule {
  id: string;
  version: number;
  name: string;
}

/** Calls whose outcome ends as this type, their value, and the postbacks of this type emitted. */
export interface Side {
  calls: number;
  value: string;
  postbacks: number;
}

export interface BacktestLine {
  campaign_id: string | null;
  type: DecisionType;
  before: Side;
  after: Side;
  /** Postbacks sent under both rule sets but with another type, status, value or delta (by the current type). */
  changed: number;
  /** Postbacks the current rules send and the proposed ones would not (by the current type). */
  withheld: number;
  /** Postbacks only the proposed rules would send (by their type). */
  added: number;
}

export interface Postback {
  status: DecisionStatus;
  type: DecisionType;
  value: string;
  delta: string;
  rule: DecidingRule;
}

export interface ChangedCall {
  call_id: string;
  campaign_id: string | null;
  before: { outcome: Postback | null; postbacks: Postback[] };
  after: { outcome: Postback | null; postbacks: Postback[] };
}

export interface BacktestSummary {
  dispositions: number;
  calls: number;
  lines: BacktestLine[];
  totals: Omit<BacktestLine, 'campaign_id' | 'type'>;
  sample: ChangedCall[];
}

type RuleNames = (side: 'before' | 'after', id: string, version: number) => string;

const emptySide = (): { calls: number; value: bigint; postbacks: number } => ({
  calls: 0,
  value: 0n,
  postbacks: 0,
});

const sameDecision = (a: ConversionDecision, b: ConversionDecision): boolean =>
  a.type === b.type && a.status === b.status && a.value === b.value && a.delta === b.delta;

/**
 * The backtest's answer from the replayed rows (in the order rules handled them): per campaign
 * and decision type, the calls whose outcome ends as that type and their value, the postbacks
 * sent, changed, withheld and added — before (current rules) and after (proposed) — and the first
 * `sampleSize` calls whose postbacks or outcome change, with the rule that decided each.
 */
export function summariseBacktest(
  rows: ReplayedRow[],
  ruleName: RuleNames,
  sampleSize: number,
): BacktestSummary {
  const lines = new Map<string, ReturnType<typeof newLine>>();
  const lineOf = (decision: ConversionDecision) => {
    const key = `${decision.campaign_id ?? ''}\u0000${decision.type}`;
    let line = lines.get(key);
    if (!line) lines.set(key, (line = newLine(decision.campaign_id, decision.type)));
    return line;
  };
  const calls = new Map<string, CallTrace>();
  let dispositions = 0;
  for (const row of rows) {
    let call = calls.get(row.callId);
    if (!call)
      calls.set(row.callId, (call = { final: {}, postbacks: { before: [], after: [] }, changed: false }));
    if (row.before) call.final.before = row.before;
    if (row.after) call.final.after = row.after;
    if (!row.inRange) continue;
    dispositions++;
    if (row.before) {
      lineOf(row.before).before.postbacks++;
      call.postbacks.before.push(row.before);
    }
    if (row.after) {
      lineOf(row.after).after.postbacks++;
      call.postbacks.after.push(row.after);
    }
    if (row.before && row.after && !sameDecision(row.before, row.after)) lineOf(row.before).changed++;
    else if (row.before && !row.after) lineOf(row.before).withheld++;
    else if (!row.before && row.after) lineOf(row.after).added++;
    else continue;
    call.changed = true;
  }
  const sample: ChangedCall[] = [];
  for (const [callId, call] of calls) {
    const { before, after } = call.final;
    for (const [side, decision] of [
      ['before', before],
      ['after', after],
    ] as const) {
      if (!decision) continue;
      const total = lineOf(decision)[side];
      total.calls++;
      total.value += toUnits(decision.value);
    }
    const outcomeChanged = before && after ? !sameOutcome(before, after) : before !== after;
    if ((call.changed || outcomeChanged) && sample.length < sampleSize) {
      const view = (s: 'before' | 'after', d: ConversionDecision): Postback => ({
        status: d.status,
        type: d.type,
        value: d.value,
        delta: d.delta,
        rule: { id: d.rule_id, version: d.rule_version, name: ruleName(s, d.rule_id, d.rule_version) },
      });
      sample.push({
        call_id: callId,
        campaign_id: (after ?? before)?.campaign_id ?? null,
        before: {
          outcome: before ? view('before', before) : null,
          postbacks: call.postbacks.before.map((d) => view('before', d)),
        },
        after: {
          outcome: after ? view('after', after) : null,
          postbacks: call.postbacks.after.map((d) => view('after', d)),
        },
      });
    }
  }
  const ordered = [...lines.values()].sort(
    (a, b) =>
      (a.campaign_id ?? '').localeCompare(b.campaign_id ?? '') || OUTCOME_RANK[b.type] - OUTCOME_RANK[a.type],
  );
  const totals = newLine(null, 'none');
  for (const line of ordered) {
    for (const side of ['before', 'after'] as const) {
      totals[side].calls += line[side].calls;
      totals[side].value += line[side].value;
      totals[side].postbacks += line[side].postbacks;
    }
    totals.changed += line.changed;
    totals.withheld += line.withheld;
    totals.added += line.added;
  }
  const { campaign_id: _campaign, type: _type, ...total } = format(totals);
  return { dispositions, calls: calls.size, lines: ordered.map(format), totals: total, sample };
}

interface CallTrace {
  final: { before?: ConversionDecision; after?: ConversionDecision };
  postbacks: { before: ConversionDecision[]; after: ConversionDecision[] };
  changed: boolean;
}

const sameOutcome = (a: ConversionDecision, b: ConversionDecision): boolean =>
  a.type === b.type && a.value === b.value;

function newLine(campaignId: string | null, type: DecisionType) {
  return {
    campaign_id: campaignId,
    type,
    before: emptySide(),
    after: emptySide(),
    changed: 0,
    withheld: 0,
    added: 0,
  };
}

function format(line: ReturnType<typeof newLine>): BacktestLine {
  const side = (s: ReturnType<typeof emptySide>): Side => ({ ...s, value: fromUnits(s.value) });
  return { ...line, before: side(line.before), after: side(line.after) };
}
