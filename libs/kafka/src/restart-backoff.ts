export interface RestartBackoff {
  /** The delay before the first restart. */
  initialMs: number;
  /** No delay is longer than this, however many restarts failed in a row. */
  maxMs: number;
}

/**
 * How long to wait before restart number `failures` (0 for the first): doubling from
 * `initialMs` up to `maxMs`, then "equal jitter" (half fixed, half random) so that the
 * consumers of many instances that crashed together do not all come back at once.
 */
export function restartDelayMs(failures: number, backoff: RestartBackoff, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(failures, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
