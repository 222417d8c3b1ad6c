import { Client } from 'pg';
import { type DeliveryJob, Topic } from '@postback/contracts';
import {
  type AcceptedItem,
  type DecisionPath,
  type DeliveryRecord,
  type LedgerEndpoint,
  type LedgerInput,
} from '@postback/testing';
import { TopicReader } from './topic-reader';

/**
 * Reads what the ledger reconciles from where each service keeps it: rules' record of processed
 * dispositions (a decision id, or null for "no change"), delivery's table, and — when the run
 * can dead-letter — postbacks.dlq. Straight from PostgreSQL, not through a proxy the test cuts.
 */
export class LedgerSources {
  private dlq?: TopicReader<DeliveryJob>;

  constructor(private readonly databaseUrl = process.env.DATABASE_URL!) {}

  /** Starts reading postbacks.dlq from the beginning (after the faults: the reader must not crash). */
  async readDeadLetters(): Promise<void> {
    this.dlq ??= new TopicReader<DeliveryJob>(Topic.PostbackDlq);
    await this.dlq.start();
  }

  async snapshot(
    accepted: AcceptedItem[],
    endpoints: LedgerEndpoint[],
    acknowledged: ReadonlyMap<string, number>,
    unrecordedAtCrash?: ReadonlySet<string>,
  ): Promise<LedgerInput> {
    const endpointIds = endpoints.map((endpoint) => endpoint.endpointId);
    const db = new Client({ connectionString: this.databaseUrl });
    await db.connect();
    try {
      const decisions = await db.query<DecisionPath>(
        `SELECT event_id::text AS "eventId", decision_id::text AS "decisionId"
           FROM rules.processed_dispositions WHERE event_id = ANY($1::uuid[])`,
        [accepted.map((item) => item.eventId)],
      );
      const deliveries = await db.query<DeliveryRecord>(
        `SELECT delivery_id::text AS "deliveryId", decision_id::text AS "decisionId",
                endpoint_id::text AS "endpointId", status, last_error AS "lastError"
           FROM delivery.deliveries WHERE endpoint_id = ANY($1::uuid[])`,
        [endpointIds],
      );
      const acknowledgedTwice = [...acknowledged].filter(([, count]) => count > 1).map(([id]) => id);
      const unanswered = await db.query<{ id: string; count: number }>(
        `SELECT delivery_id::text AS id, count(*)::int AS count FROM delivery.delivery_attempts
          WHERE delivery_id = ANY($1::uuid[]) AND status_code IS NULL GROUP BY delivery_id`,
        [acknowledgedTwice],
      );
      return {
        unansweredAttempts: new Map(unanswered.rows.map((row) => [row.id, row.count])),
        accepted,
        decisions: decisions.rows,
        deliveries: deliveries.rows,
        endpoints,
        acknowledged,
        deadLetters: this.dlq ? this.deadLetterCounts(new Set(endpointIds)) : undefined,
        unrecordedAtCrash,
      };
    } finally {
      await db.end();
    }
  }

  /**
   * Of these acknowledged deliveries, those delivery has not recorded as finished: taken right
   * after delivery was killed, they are the postbacks it sent but could not know it had.
   */
  async unrecorded(
    endpoints: LedgerEndpoint[],
    acknowledged: ReadonlyMap<string, number>,
  ): Promise<string[]> {
    const db = new Client({ connectionString: this.databaseUrl });
    await db.connect();
    try {
      const rows = await db.query<{ id: string }>(
        `SELECT delivery_id::text AS id FROM delivery.deliveries
          WHERE endpoint_id = ANY($1::uuid[]) AND delivery_id = ANY($2::uuid[])
            AND status IN ('pending', 'retrying')`,
        [endpoints.map((endpoint) => endpoint.endpointId), [...acknowledged.keys()]],
      );
      return rows.rows.map((row) => row.id);
    } finally {
      await db.end();
    }
  }

  async stop(): Promise<void> {
    await this.dlq?.stop();
  }

  private deadLetterCounts(endpointIds: Set<string>): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { value } of this.dlq!.messages) {
      if (endpointIds.has(value.endpoint_id))
        counts.set(value.delivery_id, (counts.get(value.delivery_id) ?? 0) + 1);
    }
    return counts;
  }
}
