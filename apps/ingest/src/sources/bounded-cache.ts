interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A map with a time to live and a size bound: when full, the oldest entry goes (insertion order).
 * Expired entries answer nothing but stay until then, so that `has` tells what was seen lately.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > now ? entry.value : undefined;
  }

  /** Whether the key has an entry, even one past its time (kept until the size bound drops it). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, value: V, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
