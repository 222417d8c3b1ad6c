import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';
import { type Cidr, parseCidr } from '../auth/cidr';
import { hashApiKey } from '../auth/api-key';
import { type IntakeSource } from './source';
import { SourcesRepository } from './sources.repository';

export interface ResolvedSource extends IntakeSource {
  ranges: Cidr[];
}

interface Entry {
  source: ResolvedSource | null;
  expiresAt: number;
}

const MAX_ENTRIES = 10_000;

/**
 * Resolves an API key to its source for the intake path, caching each answer (unknown keys
 * too) for INGEST_SOURCE_CACHE_MS so that a busy source costs no query per request.
 * Changes through this process's admin API clear the cache at once.
 */
@Injectable()
export class SourceDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(
    private readonly sources: SourcesRepository,
    @InjectConfig() config: Config,
  ) {
    this.ttlMs = config.ingest.sourceCacheMs;
  }

  async byApiKey(key: string): Promise<ResolvedSource | null> {
    const hash = hashApiKey(key);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now) return cached.source;
    const found = await this.sources.findByKeyHash(hash);
    const source = found ? { ...found, ranges: found.ip_allowlist.map((cidr) => parseCidr(cidr)!) } : null;
    if (this.ttlMs > 0) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(hash, { source, expiresAt: now + this.ttlMs });
    }
    return source;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
