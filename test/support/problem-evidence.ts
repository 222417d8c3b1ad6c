import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { type HostileRequest, type LedgerEntry } from '@postback/testing';

/** At most this many deliveries are explained: enough to see the pattern. */
const EXPLAINED = 3;
/** At most this many lines of each kind per delivery (a delivery put back often logs a lot). */
const LINES_EACH = 12;

/**
 * What the run left behind about a delivery the ledger found wrong, so that a failure on a CI
 * machine (whose service logs are gone with it) explains itself: the attempts delivery recorded,
 * the requests the receiver saw with that webhook-id, and delivery's log lines naming it (as far
 * as written by now). Never throws: evidence that cannot be read is said in a line.
 */
export async function problemEvidence(
  entries: LedgerEntry[],
  requests: readonly HostileRequest[],
  deliveryLogFiles: string[],
  databaseUrl = process.env.DATABASE_URL!,
): Promise<string[]> {
  const problems = new Map<string, string[]>();
  for (const { deliveryId, problem } of entries) {
    if (deliveryId) problems.set(deliveryId, [...(problems.get(deliveryId) ?? []), problem]);
  }
  const explained = [...problems].slice(0, EXPLAINED);
  if (explained.length === 0) return [];
  const logLines = deliveryLogFiles.flatMap((file) => readLines(file));
  const db = new Client({ connectionString: databaseUrl });
  const lines: string[] = [];
  try {
    await db.connect();
    for (const [id, said] of explained) {
      const attempts = await db.query<Record<string, unknown>>(
        `SELECT attempt_no, status_code, error, duration_ms, source, target, created_at
           FROM delivery.delivery_attempts WHERE delivery_id = $1 ORDER BY id`,
        [id],
      );
      lines.push(
        `delivery ${id}: ${said.join('; ')}`,
        ...attempts.rows.slice(0, LINES_EACH).map((row) => `  attempt ${JSON.stringify(row)}`),
        ...requests
          .filter((request) => request.webhookId === id)
          .slice(0, LINES_EACH)
          .map((request) => `  received ${JSON.stringify(request)}`),
        ...logLines
          .filter((line) => line.includes(id))
          .slice(0, LINES_EACH)
          .map((line) => `  log ${line.slice(0, 600)}`),
      );
    }
  } catch (error) {
    lines.push(`(the evidence could not be read: ${(error as Error).message})`);
  } finally {
    await db.end().catch(() => undefined);
  }
  return lines;
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}
