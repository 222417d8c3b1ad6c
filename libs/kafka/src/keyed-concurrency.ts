/**
 * Runs the items of one partition's batch with up to `limit` keys in flight: items of one key
 * run one after another in their order, items of different keys at the same time. `done(i)`
 * is called as item i finishes; the first failure stops new work and is rethrown once the
 * items already running have settled.
 */
export async function runByKey<M>(
  items: readonly M[],
  keyOf: (item: M) => string | null,
  limit: number,
  run: (item: M, index: number) => Promise<boolean>,
  done: (index: number) => void,
): Promise<void> {
  const lanes = new Map<string, number[]>();
  items.forEach((item, index) => {
    // No key: no order to keep with anything else but other keyless items.
    const key = keyOf(item) ?? '\u0000';
    const lane = lanes.get(key);
    if (lane) lane.push(index);
    else lanes.set(key, [index]);
  });
  const queue = [...lanes.values()];
  let failure: { error: unknown } | undefined;
  let stopped = false;
  const worker = async (): Promise<void> => {
    for (let lane = queue.shift(); lane && !failure && !stopped; lane = queue.shift()) {
      for (const index of lane) {
        if (failure || stopped) return;
        try {
          if (!(await run(items[index], index))) {
            stopped = true;
            return;
          }
        } catch (error) {
          failure ??= { error };
          return;
        }
        done(index);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * The offsets to resolve as items finish out of order: only the unbroken run of finished
 * items from the start of the batch, so a restart never skips an unfinished item.
 */
export class ContiguousOffsets {
  private readonly finished: boolean[];
  private next = 0;

  constructor(
    private readonly offsets: readonly string[],
    private readonly resolve: (offset: string) => void,
  ) {
    this.finished = offsets.map(() => false);
  }

  done(index: number): void {
    this.finished[index] = true;
    while (this.next < this.offsets.length && this.finished[this.next]) {
      this.resolve(this.offsets[this.next]);
      this.next++;
    }
  }
}
