import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type DeliveryHour } from './pipeline-ledger';

/** Delivery's part of the pipeline ledger, from its own table. */
@Injectable()
export class DeliveryLedgerStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Deliveries created per hour in [from, to), by their status now (pending counts as retrying). */
  async perHour(from: Date, to: Date): Promise<DeliveryHour[]> {
    const rows: Record<keyof DeliveryHour, string>[] = await this.dataSource.query(
      `SELECT date_trunc('hour', created_at) AS hour, count(*) AS created,
              count(*) FILTER (WHERE status = 'delivered') AS delivered,
              count(*) FILTER (WHERE status IN ('pending', 'retrying')) AS retrying,
              count(*) FILTER (WHERE status = 'failed') AS failed
       FROM delivery.deliveries WHERE created_at >= $1 AND created_at < $2
       GROUP BY 1 ORDER BY 1`,
      [from, to],
    );
    return rows.map((row) => ({
      hour: new Date(row.hour),
      created: Number(row.created),
      delivered: Number(row.delivered),
      retrying: Number(row.retrying),
      failed: Number(row.failed),
    }));
  }
}
