import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Dispositions parked on the wait topic until their call is known. While a call has one
 * parked, later dispositions for it are parked behind it, so one call is still decided in
 * the order its dispositions came. Writes are keyed by event id: a replay repeats nothing.
 */
@Injectable()
export class WaitingDispositionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Several at once (one statement), all due at the same time. */
  async parkAll(dispositions: { eventId: string; callId: string }[], dueAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO rules.waiting_dispositions (event_id, call_id, due_at)
       SELECT event_id, call_id, $3::timestamptz FROM unnest($1::uuid[], $2::text[]) AS p(event_id, call_id)
       ON CONFLICT (event_id) DO NOTHING`,
      [dispositions.map((d) => d.eventId), dispositions.map((d) => d.callId), dueAt],
    );
  }

  /** Those of these calls that have a disposition parked. */
  async parkedAmong(callIds: string[]): Promise<Set<string>> {
    const rows: { call_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT call_id FROM rules.waiting_dispositions WHERE call_id = ANY($1::text[])',
      [callIds],
    );
    return new Set(rows.map((row) => row.call_id));
  }

  async release(eventId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rules.waiting_dispositions WHERE event_id = $1', [eventId]);
  }
}
