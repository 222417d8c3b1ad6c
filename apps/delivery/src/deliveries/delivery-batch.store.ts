import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { type ConversionDecision } from '@postback/contracts';
import { attemptRow } from './attempt-row';
import { DeliveryEntity, type StoredDecision } from './delivery.entity';
import { type AttemptRecord, type NextState } from './delivery.store';
import { storedDecisionJson } from './stored-decision';
import { failureText } from '../sending/postback-sender';

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

/** Every column of an attempt row (attemptRow's fields), as the batch INSERT writes them. */
export const ATTEMPT_COLUMNS = [
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

/**
 * The guarded UPDATE of the deliveries and the INSERT of the attempts whose update went through,
 * as one statement (data-modifying CTEs): atomic as a transaction, in one round trip instead of
 * BEGIN, UPDATE, INSERT and COMMIT. $1..$6 are the updates, the attempt columns follow.
 */
const RECORD = `
  WITH updated AS (
    UPDATE delivery.deliveries AS d SET
      status = v.status, attempts = v.attempts + 1, last_status_code = v.status_code, last_error = v.error,
      delivered_at = CASE WHEN v.status = 'delivered' THEN now() END,
      failed_at = CASE WHEN v.status = 'failed' THEN now() END,
      next_attempt_at = v.next_attempt_at, updated_at = now()
    FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::timestamptz[])
      AS v(id, attempts, status, status_code, error, next_attempt_at)
    WHERE d.delivery_id = v.id AND d.attempts = v.attempts AND d.status IN ('pending', 'retrying')
    RETURNING d.delivery_id
  ), inserted AS (
    INSERT INTO delivery.delivery_attempts (${ATTEMPT_COLUMNS.map(([column]) => column).join(', ')})
    SELECT a.* FROM unnest(${ATTEMPT_COLUMNS.map(([, type], i) => `$${i + 7}::${type}[]`).join(', ')})
      AS a(${ATTEMPT_COLUMNS.map(([column]) => column).join(', ')})
    WHERE a.delivery_id IN (SELECT delivery_id FROM updated)
  )
  SELECT delivery_id FROM updated`;

/**
 * The conversions.v1 path's reads and writes, set-based: a batch's deliveries opened in one
 * statement (and one read of those that existed), its attempts recorded in one statement.
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
   * Records the attempts and their deliveries' next states in one statement (RECORD): one guarded
   * UPDATE (a delivery whose attempt count moved on, or that is finished, records nothing)
   * and one INSERT of the attempts whose update went through. Answers the ids recorded.
   */
  async recordAll(attempts: AttemptToRecord[]): Promise<Set<string>> {
    if (attempts.length === 0) return new Set();
    const rows = attempts.map(({ delivery, attempt }) =>
      attemptRow(delivery.deliveryId, delivery.attempts + 1, attempt),
    );
    const updated: { delivery_id: string }[] = await this.dataSource.query(RECORD, [
      attempts.map(({ delivery }) => delivery.deliveryId),
      attempts.map(({ delivery }) => delivery.attempts),
      attempts.map(({ next }) => next.status),
      attempts.map(({ attempt }) => attempt.result.status),
      attempts.map(({ attempt, next }) => next.error ?? failureText(attempt.result.failure)),
      attempts.map(({ next }) => next.nextAttemptAt ?? null),
      ...ATTEMPT_COLUMNS.map(([, type, field]) =>
        rows.map((row) => (type === 'jsonb' ? JSON.stringify(row[field]) : row[field])),
      ),
    ]);
    return new Set(updated.map((row) => row.delivery_id));
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
