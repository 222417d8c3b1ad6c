import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ConversionDecision } from '@postback/contracts';
import { type ConversionState } from './decide-change';
import { type ConversionsQuery } from './conversions-query.schema';
import { type Outcome } from './decide-in-order';
import { DecisionEntity } from './decision.entity';
import { fromUnits, toUnits } from '@postback/money';

/** numeric(18,4) comes back as "125.5000"; the wire form is "125.50". */
const money = (numeric: string): string => fromUnits(toUnits(numeric));

/** Decisions and per-call state in Postgres; every write keyed so that a replay changes nothing. */
@Injectable()
export class DecisionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Decisions already made for these dispositions (a replay), by event id. */
  async findByEvents(eventIds: string[]): Promise<Map<string, ConversionDecision>> {
    const rows: { payload: ConversionDecision }[] = await this.dataSource.query(
      'SELECT payload FROM rules.decisions WHERE event_id = ANY($1::uuid[])',
      [eventIds],
    );
    return new Map(rows.map(({ payload }) => [payload.event_id, reviveDecision(payload)]));
  }

  /**
   * Decides a batch with its calls locked, so that one call is decided one event at a time:
   * `decide` gets the calls' current states and the dispositions decided before (a replay,
   * even one that changed nothing), and answers what each remaining disposition came to.
   * Its decisions, the calls' new states and the processed marks are written together in
   * one transaction: a round trip for the locks, one for the reads, one for the writes, and
   * `alsoWrite`'s (the kept dispositions) in the same transaction.
   */
  async decideLocked(
    callIds: string[],
    eventIds: string[],
    decide: (states: Map<string, ConversionState>, processed: Set<string>) => Outcome[],
    alsoWrite: (tx: EntityManager) => Promise<void> = async () => undefined,
  ): Promise<Outcome[]> {
    return this.dataSource.transaction(async (tx) => {
      // In one statement, in hash order: two batches sharing calls lock them in the same order.
      await tx.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($1::text[]) AS id ORDER BY k) AS keys`,
        [callIds],
      );
      // After the locks, in a statement of its own: its snapshot sees what the last holder
      // committed. Processed event ids come back as the caller spelled them (uuids compare
      // case-insensitively).
      const rows: { key: string; type: ConversionState['type'] | null; value: string | null }[] =
        await tx.query(
          `SELECT call_id AS key, type, value::text AS value FROM rules.conversions WHERE call_id = ANY($1::text[])
         UNION ALL
         SELECT e.id, NULL, NULL FROM unnest($2::text[]) AS e(id)
         JOIN rules.processed_dispositions p ON p.event_id = e.id::uuid`,
          [callIds, eventIds],
        );
      const states = new Map<string, ConversionState>();
      const processed = new Set<string>();
      for (const row of rows) {
        if (row.type === null) processed.add(row.key);
        else states.set(row.key, { type: row.type, value: money(row.value!) });
      }
      const outcomes = decide(states, processed);
      if (outcomes.length > 0) await write(tx, outcomes);
      await alsoWrite(tx);
      return outcomes;
    });
  }

  /** Decisions in the order they were made, filtered, one page after the cursor (a sequence number). */
  async page(query: ConversionsQuery): Promise<{ items: ConversionDecision[]; next_cursor: string | null }> {
    const select = this.dataSource.getRepository(DecisionEntity).createQueryBuilder('d');
    if (query.call_id) select.andWhere('d.call_id = :callId', { callId: query.call_id });
    if (query.type) select.andWhere('d.type = :type', { type: query.type });
    if (query.status) select.andWhere('d.status = :status', { status: query.status });
    if (query.rule_id) select.andWhere('d.rule_id = :ruleId', { ruleId: query.rule_id });
    if (query.attribution)
      select.andWhere("d.payload->>'attribution' = :attribution", { attribution: query.attribution });
    if (query.campaign_id)
      select.andWhere("d.payload->>'campaign_id' = :campaignId", { campaignId: query.campaign_id });
    if (query.decided_from) select.andWhere('d.created_at >= :from', { from: query.decided_from });
    if (query.decided_to) select.andWhere('d.created_at < :to', { to: query.decided_to });
    if (query.cursor) select.andWhere('d.seq > :cursor', { cursor: query.cursor });
    const rows = await select
      .orderBy('d.seq', 'ASC')
      .take(query.limit + 1)
      .getMany();
    const items = rows.slice(0, query.limit);
    return {
      items: items.map((row) => reviveDecision(row.payload)),
      next_cursor: rows.length > query.limit ? items[items.length - 1].seq : null,
    };
  }
}

/**
 * The decisions, each call's last new state and the processed marks in one statement. The
 * locks and the processed check make a conflict impossible; if a decision was there all the
 * same, the transaction fails rather than point a call at a decision it does not hold.
 */
async function write(tx: EntityManager, outcomes: Outcome[]): Promise<void> {
  const decisions = outcomes.flatMap(({ decision }) => (decision ? [decision] : []));
  const lastByCall = new Map(decisions.map((decision) => [decision.call_id, decision]));
  const rows: { decided: number }[] = await tx.query(
    `WITH decided AS (
       INSERT INTO rules.decisions (decision_id, event_id, call_id, type, status, value, delta, rule_id,
                                    rule_version, follow_up, payload)
       SELECT d.decision_id, d.event_id, d.call_id, d.type, d.status, d.value, d.delta, d.rule_id,
              d.rule_version, d.follow_up, x.payload
       FROM jsonb_array_elements($1::jsonb) AS x(payload),
            jsonb_to_record(x.payload) AS d(decision_id uuid, event_id uuid, call_id text, type text, status text,
                                            value numeric, delta numeric, rule_id uuid, rule_version int,
                                            follow_up boolean)
       ON CONFLICT (event_id) DO NOTHING
       RETURNING 1
     ), converted AS (
       INSERT INTO rules.conversions AS c (call_id, type, value, currency, last_decision_id)
       SELECT d.call_id, d.type, d.value, d.currency, d.decision_id
       FROM jsonb_to_recordset($2::jsonb) AS d(call_id text, type text, value numeric, currency text, decision_id uuid)
       ON CONFLICT (call_id) DO UPDATE SET type = EXCLUDED.type, value = EXCLUDED.value,
         currency = EXCLUDED.currency, last_decision_id = EXCLUDED.last_decision_id, updated_at = now()
     ), marked AS (
       INSERT INTO rules.processed_dispositions (event_id, call_id, decision_id)
       SELECT p.event_id, p.call_id, p.decision_id
       FROM jsonb_to_recordset($3::jsonb) AS p(event_id uuid, call_id text, decision_id uuid)
       ON CONFLICT (event_id) DO NOTHING
     )
     SELECT count(*)::int AS decided FROM decided`,
    [
      JSON.stringify(decisions),
      JSON.stringify([...lastByCall.values()]),
      JSON.stringify(
        outcomes.map(({ eventId, callId, decision }) => ({
          event_id: eventId,
          call_id: callId,
          decision_id: decision?.decision_id ?? null,
        })),
      ),
    ],
  );
  if (rows[0].decided !== decisions.length)
    throw new Error(
      `${decisions.length - rows[0].decided} decision(s) already stored without a processed mark`,
    );
}

/** jsonb stores Dates as ISO strings; turn them back into Dates for Avro. */
function reviveDecision(payload: ConversionDecision): ConversionDecision {
  return {
    ...payload,
    occurred_at: new Date(payload.occurred_at),
    received_at: new Date(payload.received_at),
    decided_at: new Date(payload.decided_at),
  };
}
