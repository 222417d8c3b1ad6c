/**
 * Splits one partition's batch into waves for a set-based handler: slices of at most
 * `maxSize` items in offset order, each slice cut further so that a wave holds at most one
 * item per key. A wave starts only after the earlier waves holding one of its keys
 * (runOverlappingWaves), so one key's items keep their order while a wave's items (all of
 * different keys) may be handled at once. Items are given by index.
 */
export function keyWaves<M>(
  items: readonly M[],
  keyOf: (item: M) => string | null,
  maxSize: number,
): number[][] {
  const waves: number[][] = [];
  for (let from = 0; from < items.length; from += maxSize) {
    const seen = new Map<string, number>();
    const slice: number[][] = [];
    for (let index = from; index < Math.min(from + maxSize, items.length); index++) {
      // No key: no order to keep with anything but other keyless items.
      const key = keyOf(items[index]) ?? '\u0000';
      const wave = seen.get(key) ?? 0;
      seen.set(key, wave + 1);
      (slice[wave] ??= []).push(index);
    }
    waves.push(...slice);
  }
  return waves;
}
