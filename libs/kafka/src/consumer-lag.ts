/** A consumer group and the topics it reads, as a service declares them for lag reporting. */
export interface ConsumedTopics {
  groupId: string;
  topics: string[];
}

export interface PartitionEnd {
  partition: number;
  low: string;
  high: string;
}

export interface CommittedOffset {
  partition: number;
  /** '-1' when the group has committed nothing on the partition yet. */
  offset: string;
}

export interface PartitionLag {
  partition: number;
  lag: number;
}

/**
 * Lag per partition: end offset minus committed offset. A partition the group never committed
 * on counts from the log start (the group reads from the beginning), and a lag is never negative
 * (the end offsets and the commits are read in two requests, so a commit may land between them).
 */
export function partitionLags(ends: PartitionEnd[], committed: CommittedOffset[]): PartitionLag[] {
  const done = new Map(committed.map((c) => [c.partition, BigInt(c.offset)]));
  return ends.map((end) => {
    const at = done.get(end.partition) ?? -1n;
    const lag = BigInt(end.high) - (at < 0n ? BigInt(end.low) : at);
    return { partition: end.partition, lag: Number(lag < 0n ? 0n : lag) };
  });
}
