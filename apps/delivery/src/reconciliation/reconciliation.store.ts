import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OurDelivery } from './reconcile';
import { type ReconciliationParams } from './reconciliation-input.schema';

export interface ReconciliationRow {
  id: string;
  endpoint_id: string;
  from: Date;
  to: Date;
  status: 'running' | 'done' | 'failed';
  rows_read: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  report: Record<string, unknown> | null;
}

export interface AttemptProof {
  delivery_id: string;
  attempt_no: number;
  status_code: number | null;
  response_body: string;
  error: string | null;
  at: Date;
}

const COLUMNS = `id, endpoint_id, range_from AS "from", range_to AS "to", status, rows_read, error, created_at, finished_at`;

/** delivery.reconciliations, and the reads a reconciliation makes of deliveries and attempts. */
@Injectable()
export class ReconciliationStore {
  constructor(private readonly dataSource: DataSource) {}

  async endpointExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM delivery.endpoints WHERE id = $1', [
      id,
    ]);
    return rows.length > 0;
  }

  async start(id: string, params: ReconciliationParams): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO delivery.reconciliations (id, endpoint_id, range_from, range_to, status) VALUES ($1, $2, $3, $4, 'running')`,
      [id, params.endpoint_id, params.from, params.to],
    );
  }

  async progress(id: string, rowsRead: number): Promise<void> {
    await this.dataSource.query('UPDATE delivery.reconciliations SET rows_read = $2 WHERE id = $1', [
      id,
      rowsRead,
    ]);
  }

  async finish(id: string, rowsRead: number, report: object): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery.reconciliations SET status = 'done', rows_read = $2, report = $3, finished_at = now() WHERE id = $1`,
      [id, rowsRead, JSON.stringify(report)],
    );
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery.reconciliations SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
      [id, error],
    );
  }

  async get(id: string): Promise<ReconciliationRow | null> {
    const rows: ReconciliationRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, report FROM delivery.reconciliations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Newest first, without their reports: running ones show how many rows they have read. */
  list(limit: number): Promise<Omit<ReconciliationRow, 'report'>[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM delivery.reconciliations ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
  }

  /** Our deliveries to the endpoint created in the range, keyed by call id or by the decision's click id. */
  ours(params: ReconciliationParams): Promise<OurDelivery[]> {
    return this.dataSource.query(
      `SELECT delivery_id, call_id, status, attempts, last_error, next_attempt_at,
              CASE WHEN $4 = 'click_id' THEN decision->>'click_id' ELSE call_id END AS key,
              coalesce(decision->>'status', 'new') AS change,
              coalesce(decision->>'value', '0') AS value,
              coalesce(decision->>'decided_at', created_at::text) AS decided_at
       FROM delivery.deliveries
       WHERE endpoint_id = $1 AND created_at >= $2 AND created_at < $3`,
      [params.endpoint_id, params.from, params.to, params.key],
    );
  }

  /** Every attempt of these deliveries: what the partner's server answered, as proof it received them. */
  attempts(deliveryIds: string[]): Promise<AttemptProof[]> {
    return this.dataSource.query(
      `SELECT delivery_id, attempt_no, status_code, response_body, error, created_at AS at
       FROM delivery.delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt_no`,
      [deliveryIds],
    );
  }
}
