import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Disposition } from '@postback/contracts';
import { type AttributedCall } from '../calls/attribute-disposition';
import { storableJson } from './storable-json';

/** A disposition as rules handled it, with what was known of its call then. */
export interface KeptDisposition {
  disposition: Disposition;
  call: AttributedCall;
}

/** A kept disposition read back for a replay; `inRange`: received inside the asked range. */
export interface KeptForReplay extends KeptDisposition {
  inRange: boolean;
}

/** Dispositions decided per hour of receipt (by ingest), and how many of them changed an outcome. */
export interface DecidedHour {
  hour: Date;
  decided: number;
  changed: number;
}

/** The calls with a disposition received in [$1, $2) (of campaign $3, if not null). */
const CALLS_IN_RANGE = `SELECT DISTINCT call_id FROM rules.kept_dispositions
  WHERE received_at >= $1 AND received_at < $2 AND ($3::text IS NULL OR attributed->>'campaign_id' = $3)`;

/** rules.kept_dispositions: one set-based write per batch, reads for backtests and the ledger. */
@Injectable()
export class KeptDispositionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** `tx`: the decision's transaction, so that a decision rolled back leaves no kept row. */
  async keep(kept: KeptDisposition[], tx: EntityManager | DataSource = this.dataSource): Promise<void> {
    if (kept.length === 0) return;
    await tx.query(
      `INSERT INTO rules.kept_dispositions (event_id, received_at, call_id, disposition, attributed)
       SELECT (x.item#>>'{disposition,event_id}')::uuid, (x.item#>>'{disposition,received_at}')::timestamptz,
              x.item#>>'{disposition,call_id}', x.item->'disposition', x.item->'call'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(item, n)
       ORDER BY x.n
       ON CONFLICT DO NOTHING`,
      // A NUL in a label or custom field (which deciding takes) must not make the batch fail.
      [storableJson(kept)],
    );
  }

  /** How many rows forReplay would read for the same range and campaign (counted in PostgreSQL). */
  async countForReplay(from: Date, to: Date, campaignId: string | null): Promise<number> {
    const [row]: { n: string }[] = await this.dataSource.query(
      `WITH calls AS (${CALLS_IN_RANGE})
       SELECT count(*) AS n FROM rules.kept_dispositions k JOIN calls USING (call_id) WHERE k.received_at < $2`,
      [from, to, campaignId],
    );
    return Number(row.n);
  }

  /**
   * Every kept disposition of the calls that had one received in [from, to) (of the campaign,
   * if given), up to `to`, in the order rules handled them: a call's earlier dispositions set
   * the state the range starts from.
   */
  async forReplay(from: Date, to: Date, campaignId: string | null): Promise<KeptForReplay[]> {
    const rows: { disposition: Disposition; attributed: AttributedCall; in_range: boolean }[] =
      await this.dataSource.query(
        `WITH calls AS (${CALLS_IN_RANGE})
         SELECT k.disposition, k.attributed, k.received_at >= $1 AS in_range
         FROM rules.kept_dispositions k JOIN calls USING (call_id)
         WHERE k.received_at < $2
         ORDER BY k.seq`,
        [from, to, campaignId],
      );
    return rows.map((row) => ({
      disposition: {
        ...row.disposition,
        occurred_at: new Date(row.disposition.occurred_at),
        received_at: new Date(row.disposition.received_at),
      },
      call: row.attributed,
      inRange: row.in_range,
    }));
  }

  /** Per hour of receipt in [from, to): dispositions decided, and those whose decision changed an outcome. */
  async decidedPerHour(from: Date, to: Date): Promise<DecidedHour[]> {
    const rows: { hour: Date; decided: string; changed: string }[] = await this.dataSource.query(
      `SELECT date_trunc('hour', k.received_at) AS hour, count(*) AS decided,
              count(DISTINCT p.decision_id) AS changed
       FROM rules.kept_dispositions k
       LEFT JOIN rules.processed_dispositions p ON p.event_id = k.event_id
       WHERE k.received_at >= $1 AND k.received_at < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    return rows.map((row) => ({
      hour: new Date(row.hour),
      decided: Number(row.decided),
      changed: Number(row.changed),
    }));
  }
}
