import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Config, InjectConfig } from '@postback/config';
import { CoalescingBatcher } from './coalescing-batcher';

export interface EventRef {
  event_id: string;
  call_id: string;
}

export interface Claim {
  key: string;
  events: EventRef[];
  /** For a client's Idempotency-Key: the hash of the canonical request it came with. */
  requestHash?: string;
}

export interface Recorded {
  state: 'pending' | 'done';
  events: EventRef[];
  requestHash: string | null;
}

/** A claim still pending after this long belongs to a process that died mid-request. */
const STALE_PENDING_SECONDS = 60;

interface KeyOf {
  sourceId: string;
  key: string;
}

type ClaimItem = KeyOf & Omit<Claim, 'key'>;

const idOf = (item: KeyOf) => `${item.sourceId}\n${item.key}`;

/**
 * Dedup state in PostgreSQL (ingest.idempotency_keys), so that it survives a restart.
 * A key is claimed (pending) before its events are produced, confirmed (done) once Kafka
 * acknowledged them, and released when the produce failed, so that a retry is not lost.
 * Claims and confirmations of concurrent requests share statements (and commits).
 */
@Injectable()
export class IdempotencyStore {
  private readonly windowSeconds: number;
  private readonly claims = new CoalescingBatcher<ClaimItem, boolean>((items) => this.claimAll(items));
  private readonly confirmations = new CoalescingBatcher<KeyOf, void>((items) => this.confirmAll(items));
  /** Keys (by idOf) whose events Kafka acknowledged and whose confirmation is still being stored. */
  private readonly confirming = new Map<string, number>();
  private readonly unsettled = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() config: Config,
  ) {
    this.windowSeconds = Math.round(config.ingest.idempotencyWindowMs / 1000);
  }

  /** Claims the keys nobody holds (or whose record expired or went stale); returns those claimed. */
  async claim(sourceId: string, claims: Claim[]): Promise<Set<string>> {
    const claimed = await Promise.all(claims.map((claim) => this.claims.submit({ sourceId, ...claim })));
    return new Set(claims.filter((_, index) => claimed[index]).map((claim) => claim.key));
  }

  /**
   * Marks the keys done. A request need not wait for this: its events are in Kafka already, the
   * claim keeps any repeat from being produced, and while the update is on its way this process
   * answers a repeat as a duplicate (another instance says 409, retry shortly).
   */
  confirm(sourceId: string, keys: string[]): Promise<void> {
    const ids = keys.map((key) => idOf({ sourceId, key }));
    for (const id of ids) this.confirming.set(id, (this.confirming.get(id) ?? 0) + 1);
    const stored: Promise<void> = Promise.all(
      keys.map((key) => this.confirmations.submit({ sourceId, key })),
    ).then(() => undefined);
    const settled = stored
      .catch(() => undefined)
      .finally(() => {
        for (const id of ids) {
          const left = this.confirming.get(id)! - 1;
          if (left > 0) this.confirming.set(id, left);
          else this.confirming.delete(id);
        }
        this.unsettled.delete(settled);
      });
    this.unsettled.add(settled);
    return stored;
  }

  /** Waits for the confirmations under way (at shutdown, before the database closes). */
  async settled(): Promise<void> {
    await Promise.all([...this.unsettled]);
  }

  async recorded(sourceId: string, keys: string[]): Promise<Map<string, Recorded>> {
    if (keys.length === 0) return new Map();
    // Also those confirmed while the query runs: its snapshot may predate their update.
    const confirming = new Set(keys.filter((key) => this.confirming.has(idOf({ sourceId, key }))));
    const rows: {
      idem_key: string;
      state: Recorded['state'];
      events: EventRef[];
      request_hash: string | null;
    }[] = await this.dataSource.query(
      `SELECT idem_key, state, events, request_hash FROM ingest.idempotency_keys WHERE source_id = $1 AND idem_key = ANY($2)`,
      [sourceId, keys],
    );
    return new Map(
      rows.map((row) => {
        const done =
          confirming.has(row.idem_key) || this.confirming.has(idOf({ sourceId, key: row.idem_key }));
        return [
          row.idem_key,
          { state: done ? 'done' : row.state, events: row.events, requestHash: row.request_hash },
        ];
      }),
    );
  }

  async release(sourceId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM ingest.idempotency_keys WHERE source_id = $1 AND idem_key = ANY($2) AND state = 'pending'`,
      [sourceId, keys],
    );
  }

  /** One INSERT for many claims; a key twice in one run is claimed by its first request only. */
  private async claimAll(items: ClaimItem[]): Promise<boolean[]> {
    const firsts = new Map<string, ClaimItem>();
    for (const item of items) if (!firsts.has(idOf(item))) firsts.set(idOf(item), item);
    // Sorted, so that concurrent statements lock the same keys in the same order (no deadlock).
    const claims = [...firsts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, item]) => item);
    const rows: { source_id: string; idem_key: string }[] = await this.dataSource.query(
      `INSERT INTO ingest.idempotency_keys AS k (source_id, idem_key, events, state, created_at, request_hash)
       SELECT source_id, key, events::jsonb, 'pending', now(), request_hash
         FROM unnest($1::uuid[], $2::text[], $3::text[], $6::text[]) AS c(source_id, key, events, request_hash)
       ON CONFLICT (source_id, idem_key) DO UPDATE
         SET events = EXCLUDED.events, state = 'pending', created_at = now(),
             request_hash = EXCLUDED.request_hash
         WHERE k.created_at < now() - make_interval(secs => $4)
            OR (k.state = 'pending' AND k.created_at < now() - make_interval(secs => $5))
       RETURNING source_id, idem_key`,
      [
        claims.map((item) => item.sourceId),
        claims.map((item) => item.key),
        claims.map((item) => JSON.stringify(item.events)),
        this.windowSeconds,
        STALE_PENDING_SECONDS,
        claims.map((item) => item.requestHash ?? null),
      ],
    );
    const claimed = new Set(rows.map((row) => `${row.source_id}\n${row.idem_key}`));
    return items.map((item) => claimed.has(idOf(item)) && firsts.get(idOf(item)) === item);
  }

  private async confirmAll(items: KeyOf[]): Promise<void[]> {
    await this.dataSource.query(
      `UPDATE ingest.idempotency_keys AS k SET state = 'done'
         FROM unnest($1::uuid[], $2::text[]) AS c(source_id, key)
        WHERE k.source_id = c.source_id AND k.idem_key = c.key`,
      [items.map((item) => item.sourceId), items.map((item) => item.key)],
    );
    return items.map(() => undefined);
  }
}
