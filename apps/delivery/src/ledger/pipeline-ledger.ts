/** Deliveries created in an hour, by where they are now. */
export interface DeliveryHour {
  hour: Date;
  created: number;
  delivered: number;
  retrying: number;
  failed: number;
}

export interface LedgerHour {
  hour: string;
  /** Dispositions Kafka acknowledged to ingest (by the hour ingest received them). */
  accepted: number;
  /** Dispositions rules decided (by the hour ingest received them), and how many changed an outcome. */
  decided: number;
  decisions: number;
  /** Deliveries created in the hour (one per decision and endpoint), by where they are now. */
  deliveries: Omit<DeliveryHour, 'hour'>;
  gaps: {
    /** Accepted, not decided (yet): in Kafka, waiting for call events, or undecodable (dispositions.dlq). */
    undecided: number;
    /** Created, neither delivered nor dead-lettered: pending or on a retry tier. */
    unfinished: number;
  };
}

const HOUR_MS = 3_600_000;

/** Side by side, every hour of [from, to) (hours with nothing included), from each service's own counts. */
export function pipelineLedger(
  from: Date,
  to: Date,
  accepted: { hour: string | Date; accepted: number | string }[],
  decided: { hour: string | Date; decided: number | string; changed: number | string }[],
  deliveries: DeliveryHour[],
): LedgerHour[] {
  const key = (hour: string | Date) => Math.floor(new Date(hour).getTime() / HOUR_MS) * HOUR_MS;
  const acceptedAt = new Map(accepted.map((h) => [key(h.hour), Number(h.accepted)]));
  const decidedAt = new Map(decided.map((h) => [key(h.hour), h]));
  const deliveriesAt = new Map(deliveries.map((h) => [key(h.hour), h]));
  const hours: LedgerHour[] = [];
  for (let at = key(from); at < to.getTime(); at += HOUR_MS) {
    const rules = decidedAt.get(at);
    const { created = 0, delivered = 0, retrying = 0, failed = 0 } = deliveriesAt.get(at) ?? {};
    const row = {
      accepted: acceptedAt.get(at) ?? 0,
      decided: Number(rules?.decided ?? 0),
      decisions: Number(rules?.changed ?? 0),
    };
    hours.push({
      hour: new Date(at).toISOString(),
      ...row,
      deliveries: { created, delivered, retrying, failed },
      gaps: { undecided: row.accepted - row.decided, unfinished: created - delivered - failed },
    });
  }
  return hours;
}
