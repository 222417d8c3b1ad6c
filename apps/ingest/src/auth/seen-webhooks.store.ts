import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoalescingBatcher } from '../idempotency/coalescing-batcher';

const keyOf = (source: string, webhookId: string, signedAt: string | number) =>
  `${source}\n${webhookId}\n${signedAt}`;

interface Sighting {
  sourceId: string;
  webhookId: string;
  signedAt: number;
}

/**
 * The signed requests taken within the signature tolerance, in PostgreSQL: ingest runs as
 * several instances behind one address, and a replay sent to another instance than the
 * original must be refused too, which an in-process map cannot do. Only sources that require
 * signatures pay for it, one coalesced INSERT per signed request; retention purges rows once
 * their timestamp is outside the tolerance (a replay of them is stale anyway).
 */
@Injectable()
export class SeenWebhooks {
  private readonly sightings = new CoalescingBatcher<Sighting, boolean>((items) => this.recordAll(items));
  /** Releases still being written: a retry that arrives meanwhile waits for its own. */
  private readonly releasing = new Map<string, Promise<void>>();

  constructor(private readonly dataSource: DataSource) {}

  /** True the first time this (source, webhook-id, webhook-timestamp) is seen, false for a replay. */
  async firstSighting(sourceId: string, webhookId: string, signedAt: number): Promise<boolean> {
    await this.releasing.get(keyOf(sourceId, webhookId, signedAt))?.catch(() => undefined);
    return this.sightings.submit({ sourceId, webhookId, signedAt });
  }

  /**
   * Forgets a sighting whose request was refused (a 503 while Kafka was away, a 429, a 400): the
   * client's byte-for-byte retry of it is then taken, not refused as a replay.
   */
  release(sourceId: string, webhookId: string, signedAt: number): Promise<void> {
    const key = keyOf(sourceId, webhookId, signedAt);
    const released: Promise<void> = this.dataSource
      .query('DELETE FROM ingest.seen_webhooks WHERE source_id = $1 AND webhook_id = $2 AND signed_at = $3', [
        sourceId,
        webhookId,
        signedAt,
      ])
      .then(() => undefined)
      .finally(() => {
        if (this.releasing.get(key) === released) this.releasing.delete(key);
      });
    this.releasing.set(key, released);
    return released;
  }

  private async recordAll(items: Sighting[]): Promise<boolean[]> {
    const rows: { source_id: string; webhook_id: string; signed_at: string }[] = await this.dataSource.query(
      `INSERT INTO ingest.seen_webhooks (source_id, webhook_id, signed_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[])
       ON CONFLICT DO NOTHING
       RETURNING source_id, webhook_id, signed_at`,
      [items.map((i) => i.sourceId), items.map((i) => i.webhookId), items.map((i) => i.signedAt)],
    );
    const fresh = new Set(rows.map((row) => keyOf(row.source_id, row.webhook_id, row.signed_at)));
    // Within one batch the first of two equal sightings is the original.
    const taken = new Set<string>();
    return items.map((item) => {
      const key = keyOf(item.sourceId, item.webhookId, item.signedAt);
      if (!fresh.has(key) || taken.has(key)) return false;
      taken.add(key);
      return true;
    });
  }
}
