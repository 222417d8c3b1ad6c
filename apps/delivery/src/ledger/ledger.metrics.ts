import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { type AcceptedHour, type DecidedHour, PeerApis } from '../peers/peer-apis';
import { pipelineLedger } from './pipeline-ledger';

const MINUTE_MS = 60_000;
/** Accepted this long ago and still not decided is what the alert is about. */
export const UNDECIDED_AFTER_MS = 15 * MINUTE_MS;
const LOOKBACK_MS = 24 * 60 * MINUTE_MS;

/**
 * postback_ledger_undecided_dispositions: dispositions ingest accepted between 24 hours and 15
 * minutes ago that rules has not decided, read from both at scrape time (whole minutes, the
 * clock ingest received them by). Left out of a scrape when either does not answer within 3 s.
 */
@Injectable()
export class LedgerMetrics {
  readonly undecided: Gauge;

  constructor(registry: Registry, peers: PeerApis) {
    this.undecided = new Gauge({
      name: 'postback_ledger_undecided_dispositions',
      help: 'Dispositions accepted by ingest 15 minutes to 24 hours ago that rules has not decided',
      registers: [registry],
      async collect() {
        this.reset();
        this.remove(); // an unlabelled gauge is otherwise reset to 0, not left out
        const to = new Date(Math.floor((Date.now() - UNDECIDED_AFTER_MS) / MINUTE_MS) * MINUTE_MS);
        const from = new Date(to.getTime() - LOOKBACK_MS);
        const counts = await Promise.resolve()
          .then(() =>
            Promise.all([peers.acceptedPerHour(from, to, 3000), peers.decidedPerHour(from, to, 3000)]),
          )
          .catch(() => null);
        if (counts) this.set(undecidedDispositions(from, to, counts[0].hours, counts[1].hours));
      },
    });
  }
}

/**
 * Accepted and not decided, summed hour by hour with each hour's gap at least 0: counts ingest
 * lost in a crash make an hour's `accepted` too low, and that deficit must not hide another
 * hour's dispositions that are really undecided.
 */
export function undecidedDispositions(
  from: Date,
  to: Date,
  accepted: AcceptedHour[],
  decided: DecidedHour[],
): number {
  return pipelineLedger(from, to, accepted, decided, []).reduce(
    (sum, hour) => sum + Math.max(0, hour.gaps.undecided),
    0,
  );
}
