import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type ConversionDecision } from '@postback/contracts';
import { ConversionEntity } from './conversion.entity';
import { type ConversionState } from './decide-change';
import { type ConversionsQuery } from './conversions-query.schema';
import { DecisionEntity } from './decision.entity';
import { fromUnits, toUnits } from '../rules/decimal';

/** numeric(18,4) comes back as "125.5000"; the wire form is "125.50". */
const money = (numeric: string): string => fromUnits(toUnits(numeric));

/** Decisions and per-call state in Postgres; every write keyed so that a replay changes nothing. */
@Injectable()
export class DecisionStore {
  constructor(private readonly dataSource: DataSource) {}

  async findByEvent(eventId: string): Promise<ConversionDecision | null> {
    const row = await this.dataSource.getRepository(DecisionEntity).findOneBy({ eventId });
    return row ? reviveDecision(row.payload) : null;
  }

  /** Runs `work` with the call's current state locked, so one call is decided one event at a time. */
  async withCallLocked<T>(
    callId: string,
    work: (state: ConversionState | null, tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [callId]);
      const row = await tx.getRepository(ConversionEntity).findOneBy({ callId });
      return work(row ? { type: row.type, value: money(row.value) } : null, tx);
    });
  }

  /** Records the decision and the call's new state; false when the event was already decided. */
  /** True when this disposition was decided before, whether or not it changed anything. */
  async wasProcessed(tx: EntityManager, eventId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM rules.processed_dispositions WHERE event_id = $1', [
      eventId,
    ]);
    return rows.length > 0;
  }

  /** Marks a disposition decided; `decisionId` is null when it changed nothing. */
  async markProcessed(
    tx: EntityManager,
    eventId: string,
    callId: string,
    decisionId: string | null,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO rules.processed_dispositions (event_id, call_id, decision_id) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, callId, decisionId],
    );
  }

  async record(tx: EntityManager, decision: ConversionDecision): Promise<boolean> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(DecisionEntity)
      .values({
        decisionId: decision.decision_id,
        eventId: decision.event_id,
        callId: decision.call_id,
        type: decision.type,
        status: decision.status,
        value: decision.value,
        delta: decision.delta,
        ruleId: decision.rule_id,
        ruleVersion: decision.rule_version,
        followUp: decision.follow_up,
        payload: decision,
      })
      .orIgnore()
      .returning('decision_id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) return false;
    await tx.getRepository(ConversionEntity).upsert(
      {
        callId: decision.call_id,
        type: decision.type,
        value: decision.value,
        currency: decision.currency,
        lastDecisionId: decision.decision_id,
      },
      ['callId'],
    );
    return true;
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

/** jsonb stores Dates as ISO strings; turn them back into Dates for Avro. */
function reviveDecision(payload: ConversionDecision): ConversionDecision {
  return {
    ...payload,
    occurred_at: new Date(payload.occurred_at),
    received_at: new Date(payload.received_at),
    decided_at: new Date(payload.decided_at),
  };
}
