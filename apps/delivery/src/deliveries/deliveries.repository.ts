import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, type DeliveryStatus } from './delivery.entity';
import { DeliveryMetrics } from '../delivery.metrics';
import { type AttemptView, type DeliveryView } from './delivery-view.schema';

export type { AttemptView, DeliveryView } from './delivery-view.schema';

export interface DeliveryFilter {
  call_id?: string;
  endpoint_id?: string;
  status?: DeliveryStatus;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Reads for the admin API: deliveries by filter, one delivery with its attempts, DLQ contents. */
@Injectable()
export class DeliveriesRepository implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: DeliveryMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.countDlq = () => this.countFailed();
  }

  async find(filter: DeliveryFilter): Promise<DeliveryView[]> {
    const query = this.dataSource.getRepository(DeliveryEntity).createQueryBuilder('d');
    if (filter.call_id) query.andWhere('d.call_id = :callId', { callId: filter.call_id });
    if (filter.endpoint_id) query.andWhere('d.endpoint_id = :endpointId', { endpointId: filter.endpoint_id });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.from) query.andWhere('d.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('d.created_at < :to', { to: filter.to });
    const rows = await query.orderBy('d.created_at', 'DESC').limit(filter.limit).getMany();
    return rows.map(view);
  }

  async get(id: string): Promise<(DeliveryView & { attempts: AttemptView[] }) | null> {
    const row = await this.dataSource.getRepository(DeliveryEntity).findOneBy({ deliveryId: id });
    if (!row) return null;
    const attempts = await this.dataSource
      .getRepository(DeliveryAttemptEntity)
      .find({ where: { deliveryId: id }, order: { attemptNo: 'ASC' } });
    return { ...view(row), attempts: attempts.map(attemptView) };
  }

  /** Dead-lettered deliveries of an endpoint that failed within [from, to). */
  async failedIds(endpointId: string, from: Date, to: Date): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .select('d.delivery_id', 'id')
      .where("d.endpoint_id = :endpointId AND d.status = 'failed'", { endpointId })
      .andWhere('d.failed_at >= :from AND d.failed_at < :to', { from, to })
      .orderBy('d.failed_at', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  countFailed(): Promise<number> {
    return this.dataSource.getRepository(DeliveryEntity).countBy({ status: 'failed' });
  }
}

function attemptView(row: DeliveryAttemptEntity): AttemptView {
  return {
    attempt_no: row.attemptNo,
    source: row.source,
    target: row.target,
    method: row.method,
    url: row.url,
    request_headers: row.requestHeaders,
    request_body: row.requestBody,
    status_code: row.statusCode,
    response_body: row.responseBody,
    response_body_binary: row.responseBodyBinary,
    response_body_base64: row.responseBodyRaw?.toString('base64') ?? null,
    response_body_truncated: row.responseBodyTruncated,
    response_content_type: row.responseContentType,
    error: row.error,
    error_class: row.errorClass,
    duration_ms: row.durationMs,
    at: row.createdAt,
  };
}

function view(row: DeliveryEntity): DeliveryView {
  return {
    id: row.deliveryId,
    status: row.status,
    attempt_count: row.attempts,
    endpoint_id: row.endpointId,
    decision_id: row.decisionId,
    call_id: row.callId,
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    next_attempt_at: row.nextAttemptAt,
    delivered_at: row.deliveredAt,
    failed_at: row.failedAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
