import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CallEvent } from '@postback/contracts';
import { type CallState } from './attribute-disposition';

/**
 * Call state merged from call events in any order: later known values fill in, a timestamp is
 * kept once set. Applying the same event again changes nothing, so a replay is harmless.
 */
@Injectable()
export class CallStateStore {
  constructor(private readonly dataSource: DataSource) {}

  async apply(event: CallEvent): Promise<void> {
    const at = (type: CallEvent['type']) => (event.type === type ? event.occurred_at : null);
    await this.dataSource.query(
      `INSERT INTO rules.calls AS c (call_id, campaign_id, publisher_id, buyer_id, click_id, duration_seconds,
                                     started_at, answered_at, ended_at, first_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (call_id) DO UPDATE SET
         campaign_id = EXCLUDED.campaign_id,
         publisher_id = COALESCE(EXCLUDED.publisher_id, c.publisher_id),
         buyer_id = COALESCE(EXCLUDED.buyer_id, c.buyer_id),
         click_id = COALESCE(EXCLUDED.click_id, c.click_id),
         duration_seconds = COALESCE(EXCLUDED.duration_seconds, c.duration_seconds),
         started_at = COALESCE(c.started_at, EXCLUDED.started_at),
         answered_at = COALESCE(c.answered_at, EXCLUDED.answered_at),
         ended_at = COALESCE(c.ended_at, EXCLUDED.ended_at),
         first_seen_at = LEAST(c.first_seen_at, EXCLUDED.first_seen_at),
         updated_at = now()`,
      [
        event.call_id,
        event.campaign_id,
        event.publisher_id,
        event.buyer_id,
        event.click_id,
        event.duration_seconds,
        at('started'),
        at('answered'),
        at('ended'),
        event.occurred_at,
      ],
    );
  }

  /** Whether the call's `ended` event has been seen (its duration is then known, if sent). */
  async hasEnded(callId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM rules.calls WHERE call_id = $1 AND ended_at IS NOT NULL',
      [callId],
    );
    return rows.length > 0;
  }

  /** The known calls among these, by call id (one query, rows as they are: no entity hydration). */
  async findMany(callIds: string[]): Promise<Map<string, CallState>> {
    const rows: CallState[] = await this.dataSource.query(
      `SELECT call_id, campaign_id, publisher_id, buyer_id, click_id, duration_seconds, started_at, first_seen_at
       FROM rules.calls WHERE call_id = ANY($1::text[])`,
      [callIds],
    );
    return new Map(rows.map((row) => [row.call_id, row]));
  }
}
