/**
 * Runs one partition's waves (keyWaves) in their order with up to `limit` of them at once: a
 * wave starts once fewer than `limit` are running and every earlier wave holding one of its
 * keys has finished, so one key's items stay in order while a wave's database and Kafka round
 * trips overlap those of the waves before it (a set-based handler spends most of a wave
 * waiting on them). `canStart` is asked before each wave; the first failure stops new waves
 * and is rethrown once the running ones have settled.
 */
export async function runOverlappingWaves(
  waves: readonly number[][],
  keyOf: (index: number) => string,
  limit: number,
  run: (wave: number[]) => Promise<void>,
  canStart: () => boolean,
): Promise<void> {
  const running = new Set<Promise<void>>();
  const lastOfKey = new Map<string, Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const wave of waves) {
    while (running.size >= limit) await Promise.race(running);
    const before = new Set<Promise<void>>();
    for (const index of wave) {
      const previous = lastOfKey.get(keyOf(index));
      if (previous) before.add(previous);
    }
    if (before.size > 0) await Promise.all(before);
    if (failure || !canStart()) break;
    const tracked: Promise<void> = run(wave)
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => running.delete(tracked));
    running.add(tracked);
    for (const index of wave) lastOfKey.set(keyOf(index), tracked);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
