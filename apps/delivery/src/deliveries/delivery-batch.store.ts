import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { type ConversionDecision } from '@postback/contracts';
import { attemptRow } from './attempt-row';
import { DeliveryEntity, type StoredDecision } from './delivery.entity';
import { type AttemptRecord, type NextState } from './delivery.store';
import { storedDecisionJson } from './stored-decision';

/** A delivery to open: one per (decision, endpoint). */
export interface DeliveryToOpen {
  deliveryId: string;
  decision: ConversionDecision;
  endpointId: string;
}

/** An attempt to record, guarded by the attempt count the caller saw (as DeliveryStore.recordAttempt). */
export interface AttemptToRecord {
  delivery: DeliveryEntity;
  attempt: AttemptRecord;
  next: NextState;
}

const OPEN = `
  INSERT INTO delivery.deliveries (delivery_id, decision_id, endpoint_id, call_id, status, attempts, decision)
  SELECT id, decision_id, endpoint_id, call_id, 'pending', 0, decision::jsonb
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[])
    AS t(id, decision_id, endpoint_id, call_id, decision)
  ON CONFLICT DO NOTHING
  RETURNING delivery_id`;

const RECORD = `
  UPDATE delivery.deliveries AS d SET
    status = v.status, attempts = v.attempts + 1, last_status_code = v.status_code, last_error = v.error,
    delivered_at = CASE WHEN v.status = 'delivered' THEN now() END,
    failed_at = CASE WHEN v.status = 'failed' THEN now() END,
    next_attempt_at = v.next_attempt_at, updated_at = now()
  FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])
    AS v(id, attempts, status, status_code, error, next_attempt_at)
  WHERE d.delivery_id = v.id AND d.attempts = v.attempts AND d.status IN ('pending', 'retrying')
  RETURNING d.delivery_id`;

const ATTEMPT_COLUMNS = [
  ['delivery_id', 'uuid', 'deliveryId'],
  ['attempt_no', 'int', 'attemptNo'],
  ['method', 'text', 'method'],
  ['url', 'text', 'url'],
  ['request_headers', 'jsonb', 'requestHeaders'],
  ['request_body', 'text', 'requestBody'],
  ['status_code', 'int', 'statusCode'],
  ['response_body', 'text', 'responseBody'],
  ['response_body_raw', 'bytea', 'responseBodyRaw'],
  ['response_body_binary', 'bool', 'responseBodyBinary'],
  ['response_body_truncated', 'bool', 'responseBodyTruncated'],
  ['response_content_type', 'text', 'responseContentType'],
  ['error', 'text', 'error'],
  ['error_class', 'text', 'errorClass'],
  ['duration_ms', 'int', 'durationMs'],
  ['source', 'text', 'source'],
  ['target', 'text', 'target'],
] as const;

const INSERT_ATTEMPTS = `
  INSERT INTO delivery.delivery_attempts (${ATTEMPT_COLUMNS.map(([column]) => column).join(', ')})
  SELECT * FROM unnest(${ATTEMPT_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;

/**
 * The conversions.v1 path's reads and writes, set-based: a batch's deliveries opened in one
 * statement (and one read of those that existed), its attempts recorded in one transaction.
 */
@Injectable()
export class DeliveryBatchStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Each delivery by id, created pending if new (`created`); a replay finds the existing one. */
  async openAll(
    deliveries: DeliveryToOpen[],
  ): Promise<Map<string, { delivery: DeliveryEntity; created: boolean }>> {
    const decisions = new Map<string, string>(); // one decision's JSON for all its endpoints
    const json = (decision: ConversionDecision) => {
      let stored = decisions.get(decision.decision_id);
      if (stored === undefined) decisions.set(decision.decision_id, (stored = storedDecisionJson(decision)));
      return stored;
    };
    const rows: { delivery_id: string }[] = await this.dataSource.query(OPEN, [
      deliveries.map((d) => d.deliveryId),
      deliveries.map((d) => d.decision.decision_id),
      deliveries.map((d) => d.endpointId),
      deliveries.map((d) => d.decision.call_id),
      deliveries.map((d) => json(d.decision)),
    ]);
    const created = new Set(rows.map((row) => row.delivery_id));
    const opened = new Map<string, { delivery: DeliveryEntity; created: boolean }>();
    const existing = deliveries.filter((d) => !created.has(d.deliveryId)).map((d) => d.deliveryId);
    if (existing.length > 0) {
      const found = await this.dataSource.getRepository(DeliveryEntity).findBy({ deliveryId: In(existing) });
      for (const delivery of found) opened.set(delivery.deliveryId, { delivery, created: false });
    }
    const now = new Date();
    for (const { deliveryId, decision, endpointId } of deliveries) {
      if (!created.has(deliveryId)) continue;
      const delivery = Object.assign(new DeliveryEntity(), {
        deliveryId,
        decisionId: decision.decision_id,
        endpointId,
        callId: decision.call_id,
        status: 'pending',
        attempts: 0,
        lastStatusCode: null,
        lastError: null,
        deliveredAt: null,
        failedAt: null,
        nextAttemptAt: null,
        decision: JSON.parse(json(decision)) as StoredDecision,
        createdAt: now,
        updatedAt: now,
      } satisfies DeliveryEntity);
      opened.set(deliveryId, { delivery, created: true });
    }
    return opened;
  }

  /**
   * Records the attempts and their deliveries' next states in one transaction: one guarded
   * UPDATE (a delivery whose attempt count moved on, or that is finished, records nothing)
   * and one INSERT of the attempts whose update went through. Answers the ids recorded.
   */
  async recordAll(attempts: AttemptToRecord[]): Promise<Set<string>> {
    if (attempts.length === 0) return new Set();
    return this.dataSource.transaction(async (tx) => {
      // TypeORM answers an UPDATE as [rows, count].
      const [updated] = (await tx.query(RECORD, [
        attempts.map(({ delivery }) => delivery.deliveryId),
        attempts.map(({ delivery }) => delivery.attempts),
        attempts.map(({ next }) => next.status),
        attempts.map(({ attempt }) => attempt.result.status),
        attempts.map(({ attempt, next }) => next.error ?? attempt.result.error),
        attempts.map(({ next }) => next.nextAttemptAt ?? null),
      ])) as [{ delivery_id: string }[], number];
      const recorded = new Set(updated.map((row) => row.delivery_id));
      const rows = attempts
        .filter(({ delivery }) => recorded.has(delivery.deliveryId))
        .map(({ delivery, attempt }) => attemptRow(delivery.deliveryId, delivery.attempts + 1, attempt));
      if (rows.length > 0) {
        await tx.query(
          INSERT_ATTEMPTS,
          ATTEMPT_COLUMNS.map(([, type, field]) =>
            rows.map((row) => (type === 'jsonb' ? JSON.stringify(row[field]) : row[field])),
          ),
        );
      }
      return recorded;
    });
  }

  /** The attempt counts of these deliveries now (to tell a lost commit answer from a race). */
  async attemptsOf(deliveryIds: string[]): Promise<Map<string, number>> {
    const rows: { delivery_id: string; attempts: number }[] = await this.dataSource.query(
      'SELECT delivery_id, attempts FROM delivery.deliveries WHERE delivery_id = ANY($1::uuid[])',
      [deliveryIds],
    );
    return new Map(rows.map((row) => [row.delivery_id, row.attempts]));
  }
}
