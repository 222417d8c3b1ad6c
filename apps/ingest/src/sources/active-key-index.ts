/** Hex digits of a key hash kept per active key: 64 bits, so a random guess matches none. */
const PREFIX_DIGITS = 16;
/** After a failed load, how long questions fail at once instead of loading again. */
export const RELOAD_AFTER_FAILURE_MS = 1000;

/**
 * Which API keys exist, in memory, for addresses over the failed-authentication limit: their
 * uncached keys are checked here instead of in the database, so that a valid key is still served
 * while guesses never reach a query. Loaded only when first needed (under a flood), and again
 * when older than `maxAgeMs` or after this process changed keys; one load at a time. A key
 * created by another instance less than `maxAgeMs` ago is not yet known (and revoked keys stay
 * listed until the next load, costing only a lookup that then fails).
 */
export class ActiveKeyIndex {
  private prefixes = new Set<string>();
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private generation = 0;
  private failed: { at: number; error: unknown } | null = null;

  constructor(
    private readonly loadHashes: () => Promise<string[]>,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a key with this hash may exist (false: it certainly did not, as of the last load). */
  async mayExist(hash: string): Promise<boolean> {
    // A database that is away must not be asked again by every guess of a flood.
    if (this.failed && this.now() - this.failed.at < RELOAD_AFTER_FAILURE_MS) throw this.failed.error;
    // A second round when keys changed while the first load ran (it may have missed them).
    for (let round = 0; round < 2 && this.now() - this.loadedAt >= this.maxAgeMs; round++) await this.load();
    return this.prefixes.has(hash.slice(0, PREFIX_DIGITS));
  }

  /** Keys changed here: the next question loads the index again. */
  stale(): void {
    this.generation++;
    this.loadedAt = -Infinity;
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      const [startedAt, generation] = [this.now(), this.generation];
      try {
        const hashes = await this.loadHashes();
        this.prefixes = new Set(hashes.map((hash) => hash.slice(0, PREFIX_DIGITS)));
        if (generation === this.generation) this.loadedAt = startedAt;
        this.failed = null;
      } catch (error) {
        this.failed = { at: this.now(), error };
        throw error;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
