import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface MinuteCounts {
  minute: string;
  delivered: number;
  retrying: number;
  failed: number;
}

export interface EndpointRatio {
  endpoint_id: string;
  delivered: number;
  failed: number;
  /** delivered / (delivered + failed) among deliveries finished in the window; null when none finished. */
  success_ratio: number | null;
}

const count = (value: unknown): number => Number(value ?? 0);

/** The last window of delivery from PostgreSQL: right after a restart, as before it. */
@Injectable()
export class DeliveryOverviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per minute: deliveries delivered and failed (dead-lettered), and attempts that failed but left
   * the delivery to be retried.
   */
  async perMinute(since: Date): Promise<MinuteCounts[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `WITH finished AS (
         SELECT date_trunc('minute', delivered_at) AS minute, 1 AS delivered, 0 AS failed, 0 AS retrying
           FROM delivery.deliveries WHERE delivered_at >= $1
         UNION ALL
         SELECT date_trunc('minute', failed_at), 0, 1, 0 FROM delivery.deliveries WHERE failed_at >= $1
         UNION ALL
         SELECT date_trunc('minute', a.created_at), 0, 0, 1
           FROM delivery.delivery_attempts a JOIN delivery.deliveries d USING (delivery_id)
          WHERE a.created_at >= $1 AND a.error_class IS NOT NULL
            AND NOT (d.status = 'failed' AND a.attempt_no = d.attempts)
       )
       SELECT minute, sum(delivered) AS delivered, sum(retrying) AS retrying, sum(failed) AS failed
         FROM finished GROUP BY minute ORDER BY minute`,
      [since],
    );
    return rows.map((row) => ({
      minute: new Date(row.minute as string).toISOString(),
      delivered: count(row.delivered),
      retrying: count(row.retrying),
      failed: count(row.failed),
    }));
  }

  async endpointRatios(since: Date): Promise<EndpointRatio[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT endpoint_id,
              count(*) FILTER (WHERE delivered_at >= $1) AS delivered,
              count(*) FILTER (WHERE failed_at >= $1) AS failed
         FROM delivery.deliveries
        WHERE delivered_at >= $1 OR failed_at >= $1
        GROUP BY endpoint_id ORDER BY endpoint_id`,
      [since],
    );
    return rows.map((row) => {
      const delivered = count(row.delivered);
      const failed = count(row.failed);
      return {
        endpoint_id: row.endpoint_id as string,
        delivered,
        failed,
        success_ratio: delivered + failed === 0 ? null : delivered / (delivered + failed),
      };
    });
  }
}
