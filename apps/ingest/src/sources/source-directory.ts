import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type Cidr, parseCidrList } from '@postback/cidr';
import { hashApiKey } from '../auth/api-key';
import { IngestMetrics } from '../ingest.metrics';
import { ActiveKeyIndex } from './active-key-index';
import { BoundedCache } from './bounded-cache';
import { type IntakeSource } from './source';
import { SourcesRepository } from './sources.repository';

export interface ResolvedSource extends IntakeSource {
  ranges: Cidr[];
}

const MAX_ENTRIES = 10_000;
/** Database lookups of uncached keys at once: the pool's other connections stay for intake. */
const MAX_CONCURRENT_LOOKUPS = 2;
/** The active-key index is loaded at most this often, whatever the cache time. */
const MIN_INDEX_AGE_MS = 1_000;

/**
 * Resolves an API key to its source for the intake path, caching each answer for
 * INGEST_SOURCE_CACHE_MS so that a busy source costs no query per request. Known and unknown
 * keys are cached apart, each bounded, so that a flood of random keys can only push out other
 * unknown keys, never a valid source. Lookups of one key share one query (single flight), and
 * at most MAX_CONCURRENT_LOOKUPS queries run at once. Changes through this process's admin
 * API clear the cache at once.
 */
@Injectable()
export class SourceDirectory {
  private readonly known: BoundedCache<ResolvedSource>;
  private readonly unknown: BoundedCache<null>;
  private readonly inFlight = new Map<string, Promise<ResolvedSource | null>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly activeKeys: ActiveKeyIndex;

  constructor(
    private readonly sources: SourcesRepository,
    private readonly metrics: IngestMetrics,
    @InjectConfig() config: Config,
  ) {
    this.known = new BoundedCache(MAX_ENTRIES, config.ingest.sourceCacheMs);
    this.unknown = new BoundedCache(MAX_ENTRIES, config.ingest.sourceCacheMs);
    this.activeKeys = new ActiveKeyIndex(
      () => sources.activeKeyHashes(),
      Math.max(config.ingest.sourceCacheMs, MIN_INDEX_AGE_MS),
    );
  }

  /** The cached answer for a key: a source, null (known to be unknown), or undefined (not cached). */
  cached(key: string): ResolvedSource | null | undefined {
    const hash = hashApiKey(key);
    return this.known.get(hash) ?? this.unknown.get(hash);
  }

  /** Whether the key belonged to a source lately (its cached answer may have expired since). */
  recentlyValid(key: string): boolean {
    return this.known.has(hashApiKey(key));
  }

  /**
   * Whether the key may belong to a source, answered without a query per key (an in-memory
   * index of active keys, loaded at most once per INGEST_SOURCE_CACHE_MS): for addresses over
   * the failed-authentication limit, whose guesses must not reach the database.
   */
  mayExist(key: string): Promise<boolean> {
    return this.activeKeys.mayExist(hashApiKey(key));
  }

  async byApiKey(key: string): Promise<ResolvedSource | null> {
    const hash = hashApiKey(key);
    const cached = this.known.get(hash) ?? this.unknown.get(hash);
    if (cached !== undefined) return cached;
    let lookup = this.inFlight.get(hash);
    if (!lookup) {
      lookup = this.lookUp(hash).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, lookup);
    }
    return lookup;
  }

  /** A key was issued here: the next screening of a flood knows it. */
  keysChanged(): void {
    this.activeKeys.stale();
  }

  invalidate(): void {
    this.activeKeys.stale();
    this.known.clear();
    this.unknown.clear();
  }

  private async lookUp(hash: string): Promise<ResolvedSource | null> {
    if (this.running >= MAX_CONCURRENT_LOOKUPS) await new Promise<void>((go) => this.waiting.push(go));
    this.running++;
    try {
      const found = await this.sources.findByKeyHash(hash);
      this.metrics.sourceLookups.inc({ result: found ? 'found' : 'unknown' });
      if (!found) {
        this.unknown.set(hash, null);
        return null;
      }
      const source = { ...found, ranges: parseCidrList('ip_allowlist', found.ip_allowlist) };
      this.known.set(hash, source);
      return source;
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
