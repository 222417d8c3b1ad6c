import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

@Injectable()
export class DeliveryMetrics {
  /** Attempts by endpoint and outcome (success, http_error, network_error); endpoint ids are bounded, call ids never labels. */
  readonly attempts: Counter<'endpoint_id' | 'outcome'>;
  readonly attemptSeconds: Histogram<'endpoint_id'>;
  /** From the disposition reaching ingest to the receiver acknowledging the postback. */
  readonly endToEndSeconds: Histogram;
  /** Deliveries created: one per decision and endpoint that wants it, whatever becomes of them. */
  readonly deliveriesCreated: Counter<'endpoint_id'>;
  readonly retriesEnqueued: Counter<'tier'>;
  readonly deadLettered: Counter<'endpoint_id'>;
  /** Deliveries found waiting past their due time with no job, and given one again. */
  readonly orphansRecovered: Counter;
  /** Attempts not started: another of the same delivery was under way here, or recorded past the count read. */
  readonly attemptsRefused: Counter<'endpoint_id'>;
  /** Requests sent once more on a new connection: the kept-alive one was closed by the receiver. */
  readonly staleConnectionResends: Counter;
  /** Deliveries in the DLQ (failed, not replayed); set from PostgreSQL on each scrape. */
  readonly dlqSize: Gauge;
  /** 0 closed, 1 open (skipping to the retry path). */
  readonly circuitState: Gauge<'endpoint_id'>;
  readonly endpointsDisabled: Counter<'endpoint_id'>;
  /** 1 for each endpoint out of delivery now (disabled by the breaker); read from PostgreSQL on each scrape. */
  readonly disabledEndpoints: Gauge<'endpoint_id'>;
  readonly inFlight: Gauge<'endpoint_id'>;

  /** Counts the DLQ in PostgreSQL when scraped; set by the module once the database is there. */
  countDlq: () => Promise<number> = () => Promise.resolve(0);
  /** Lists the ids of the endpoints the breaker disabled, when scraped; set by the endpoints repository. */
  listDisabled: () => Promise<string[]> = () => Promise.resolve([]);
  /**
   * How long a scrape waits for each database read. Past it, or when the read fails, the series
   * is left out of that scrape: a stuck pool must not hang /metrics (and page as a service down),
   * and a missing value must not read as zero (and its recovery as DLQ growth).
   */
  readTimeoutMs = 3000;

  constructor(registry: Registry) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const metrics = this;
    const readDlq = scrapeReader();
    const readDisabled = scrapeReader();
    this.attempts = new Counter({
      name: 'postback_delivery_attempts_total',
      help: 'Outbound postback attempts, by endpoint and outcome',
      labelNames: ['endpoint_id', 'outcome'],
      registers: [registry],
    });
    this.attemptSeconds = new Histogram({
      name: 'postback_delivery_attempt_duration_seconds',
      help: 'Duration of one outbound postback attempt',
      labelNames: ['endpoint_id'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
      registers: [registry],
    });
    this.endToEndSeconds = new Histogram({
      name: 'postback_end_to_end_seconds',
      help: 'From disposition received by ingest to postback acknowledged by the receiver',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
    this.deliveriesCreated = new Counter({
      name: 'postback_deliveries_created_total',
      help: 'Deliveries created, one per decision and endpoint that wants it, by endpoint',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.retriesEnqueued = new Counter({
      name: 'postback_delivery_retries_enqueued_total',
      help: 'Deliveries sent to a retry tier, by tier',
      labelNames: ['tier'],
      registers: [registry],
    });
    this.orphansRecovered = new Counter({
      name: 'postback_delivery_orphans_recovered_total',
      help: 'Deliveries left retrying or pending past their due time with no retry job, given one again',
      registers: [registry],
    });
    this.attemptsRefused = new Counter({
      name: 'postback_delivery_attempts_refused_total',
      help: 'Attempts not started because another attempt of the same delivery was under way in this process or already recorded, by endpoint',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.staleConnectionResends = new Counter({
      name: 'postback_delivery_stale_connection_resends_total',
      help: 'Postback requests sent once more on a new connection because the receiver had closed the kept-alive one they went out on',
      registers: [registry],
    });
    this.deadLettered = new Counter({
      name: 'postback_delivery_dead_lettered_total',
      help: 'Deliveries sent to the DLQ, by endpoint',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.dlqSize = new Gauge({
      name: 'postback_delivery_dlq_size',
      help: 'Deliveries in the DLQ that have not been replayed',
      registers: [registry],
      async collect() {
        this.reset();
        this.remove(); // an unlabelled gauge is otherwise reset to 0, not left out
        const count = await readDlq(() => metrics.countDlq(), metrics.readTimeoutMs);
        if (count !== null) this.set(count);
      },
    });
    this.circuitState = new Gauge({
      name: 'postback_delivery_circuit_open',
      help: 'Circuit breaker per endpoint: 1 open (sending skipped for a cool-down), 0 closed',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.endpointsDisabled = new Counter({
      name: 'postback_delivery_endpoints_disabled_total',
      help: 'Endpoints disabled after failing continuously',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
    this.disabledEndpoints = new Gauge({
      name: 'postback_delivery_disabled_endpoints',
      help: 'Endpoints currently disabled after failing continuously (1 per endpoint)',
      labelNames: ['endpoint_id'],
      registers: [registry],
      async collect() {
        this.reset();
        const ids = await readDisabled(() => metrics.listDisabled(), metrics.readTimeoutMs);
        for (const id of ids ?? []) this.set({ endpoint_id: id }, 1);
      },
    });
    this.inFlight = new Gauge({
      name: 'postback_delivery_in_flight',
      help: 'Postback requests in flight, by endpoint',
      labelNames: ['endpoint_id'],
      registers: [registry],
    });
  }
}

/**
 * Reads for one gauge at scrape time: the result, or null when the read failed or took longer
 * than `ms`. A read still running from an earlier scrape is not started again, so a stuck pool
 * does not collect one more waiting query every scrape.
 */
function scrapeReader(): <T>(read: () => Promise<T>, ms: number) => Promise<T | null> {
  let running = false;
  return async (read, ms) => {
    if (running) return null;
    running = true;
    const work = Promise.resolve()
      .then(read)
      .finally(() => (running = false));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    return Promise.race([work.catch(() => null), timeout]).finally(() => clearTimeout(timer));
  };
}
