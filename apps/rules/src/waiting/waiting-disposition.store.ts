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

  async park(eventId: string, callId: string, dueAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO rules.waiting_dispositions (event_id, call_id, due_at) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, callId, dueAt],
    );
  }

  async hasParked(callId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM rules.waiting_dispositions WHERE call_id = $1 LIMIT 1',
      [callId],
    );
    return rows.length > 0;
  }

  async release(eventId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM rules.waiting_dispositions WHERE event_id = $1', [eventId]);
  }
}
