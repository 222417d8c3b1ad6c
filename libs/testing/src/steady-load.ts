import { type AcceptedItem } from './reconciliation-ledger';

/** What one request came to: the HTTP status (null: no answer) and, for a 202, the ids. */
export interface LoadAnswer {
  status: number | null;
  accepted?: AcceptedItem;
  /** Why there was no answer (counted as "none: <error>"). */
  error?: string;
}

export interface LoadOptions {
  ratePerSecond: number;
  durationMs: number;
  /** Sends the index-th disposition; must not throw (a network error is `status: null`). */
  send: (index: number) => Promise<LoadAnswer>;
}

export interface LoadSummary {
  ratePerSecond: number;
  durationMs: number;
  sent: number;
  accepted: AcceptedItem[];
  /** Status (or "none" for no answer) → how many requests got it. */
  answers: Record<string, number>;
  /** When the last answer came, epoch ms. */
  finishedAt: number;
}

/**
 * A bounded, steady stream of dispositions: one request every 1/rate s for the duration, each
 * sent without waiting for the ones before (a dialer does not wait either). Only 202s are
 * accepted; a 503 or a request left unanswered is not, and is not counted as owed.
 */
export class SteadyLoad {
  readonly accepted: AcceptedItem[] = [];
  readonly answers: Record<string, number> = {};
  private startedAt = 0;
  private sent = 0;
  private done?: Promise<LoadSummary>;

  constructor(private readonly options: LoadOptions) {}

  start(): Promise<LoadSummary> {
    this.startedAt = Date.now();
    this.done = this.run();
    return this.done;
  }

  get elapsedMs(): number {
    return this.startedAt === 0 ? 0 : Date.now() - this.startedAt;
  }

  /** Resolves once the load has run this long (for faults timed into the stream). */
  async reached(elapsedMs: number): Promise<void> {
    const wait = this.startedAt + elapsedMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  finished(): Promise<LoadSummary> {
    if (!this.done) throw new Error('the load was not started');
    return this.done;
  }

  private async run(): Promise<LoadSummary> {
    const { ratePerSecond, durationMs, send } = this.options;
    const total = Math.round((ratePerSecond * durationMs) / 1000);
    const interval = 1000 / ratePerSecond;
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < total; index++) {
      const wait = this.startedAt + index * interval - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.sent += 1;
      inFlight.push(send(index).then((answer) => this.record(answer)));
    }
    await Promise.all(inFlight);
    return {
      ratePerSecond,
      durationMs,
      sent: this.sent,
      accepted: this.accepted,
      answers: this.answers,
      finishedAt: Date.now(),
    };
  }

  private record(answer: LoadAnswer): void {
    const key =
      answer.status !== null ? String(answer.status) : answer.error ? `none: ${answer.error}` : 'none';
    this.answers[key] = (this.answers[key] ?? 0) + 1;
    if (answer.status === 202 && answer.accepted) this.accepted.push(answer.accepted);
  }
}
