import { Client } from 'pg';
import { type LatencySummary, summarise } from './stats';

export interface StageLatencies {
  /** Request start → ingest's 2xx (at the load generator). */
  accepted: LatencySummary;
  /** 2xx → the decision's `decided_at` (set by rules when it decided). */
  decided: LatencySummary;
  /** decided_at → the first attempt's request started (attempt row: created_at − duration_ms). */
  firstAttemptSent: LatencySummary;
  /** First attempt sent → the receiver's 2xx for the call (the first one it answered). */
  received: LatencySummary;
}

/**
 * Where the end-to-end time goes, per accepted call: times from the load generator (start,
 * answer), the delivery tables (decision time, first attempt) and the receiver. One clock:
 * everything runs on this machine. The attempt's created_at is the start of the transaction
 * that recorded it, just after the answer; PostgreSQL timestamps have µs precision.
 */
export async function stageLatencies(
  databaseUrl: string,
  callPrefix: string,
  starts: Record<string, number>,
  answers: Record<string, number>,
  delivered: Record<string, number[]>,
): Promise<StageLatencies> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: { call_id: string; decided_at: string; sent_at: string }[];
  try {
    ({ rows } = await client.query(
      `SELECT d.call_id, d.decision->>'decided_at' AS decided_at,
              extract(epoch FROM a.created_at) * 1000 - a.duration_ms AS sent_at
         FROM delivery.deliveries d
         JOIN delivery.delivery_attempts a ON a.delivery_id = d.delivery_id AND a.attempt_no = 1
        WHERE d.call_id LIKE $1`,
      [`${callPrefix}%`],
    ));
  } finally {
    await client.end();
  }
  const accepted: number[] = [];
  const decided: number[] = [];
  const sent: number[] = [];
  const received: number[] = [];
  for (const id of Object.keys(starts))
    if (answers[id] !== undefined) accepted.push(answers[id] - starts[id]);
  for (const row of rows) {
    const answeredAt = answers[row.call_id];
    if (answeredAt === undefined) continue;
    const decidedAt = Date.parse(row.decided_at);
    const sentAt = Number(row.sent_at);
    decided.push(decidedAt - answeredAt);
    sent.push(sentAt - decidedAt);
    const arrivedAt = delivered[row.call_id]?.[0];
    if (arrivedAt !== undefined) received.push(arrivedAt - sentAt);
  }
  return {
    accepted: summarise(accepted),
    decided: summarise(decided),
    firstAttemptSent: summarise(sent),
    received: summarise(received),
  };
}
