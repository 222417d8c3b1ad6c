import { Injectable } from '@nestjs/common';
import { RecentMap } from './recent-map';

/** Recorded attempt counts kept: minutes of retries at any rate this process reaches. */
const REMEMBERED = 100_000;

/**
 * One attempt of a delivery at a time in this process, and never one from a stale read. Two
 * handlers can hold the same delivery at the same attempt count — a job put back while its
 * attempt was in flight, a retry job produced again after a failed produce, a batch replayed
 * after a rebalance while the earlier generation still runs — and each read the count before
 * sending; the guarded record lets only one of them count, but both would have sent. A claim is
 * taken synchronously before anything is sent and released once the attempt is recorded (or
 * nothing was sent); a claim on a count this process has already recorded past is refused. A
 * write that was superseded is not remembered: the row may still stand at the count read (a
 * skip moved it to failed), and a replay reopens it there.
 */
@Injectable()
export class AttemptClaims {
  /** delivery id → its claim. */
  private readonly claimed = new Map<string, Claim>();
  /** delivery id → the attempt count this process last recorded (insertion order = age). */
  private readonly recorded = new RecentMap<string, number>(REMEMBERED);

  /** Claims the delivery's next attempt at `attemptsRead`; null when another holds it or the read is stale. */
  claim(deliveryId: string, attemptsRead: number): Claim | null {
    if (this.claimed.has(deliveryId)) return null;
    if ((this.recorded.get(deliveryId) ?? -1) > attemptsRead) return null;
    const claim = { deliveryId, attempts: attemptsRead };
    this.claimed.set(deliveryId, claim);
    return claim;
  }

  /** Ends the claim (again, or after another took the delivery: nothing). */
  release(claim: Claim): void {
    if (this.claimed.get(claim.deliveryId) === claim) this.claimed.delete(claim.deliveryId);
  }

  /** An attempt was recorded (its guarded write went through): the delivery now stands at `attempts`. */
  recordedAt(deliveryId: string, attempts: number): void {
    this.recorded.set(deliveryId, attempts);
  }

  /** An attempt of the delivery is under way in this process (sent or sending, not yet recorded). */
  holds(deliveryId: string): boolean {
    return this.heldAt(deliveryId) !== null;
  }

  /** The attempt count the attempt under way here read, if there is one. */
  heldAt(deliveryId: string): number | null {
    return this.claimed.get(deliveryId)?.attempts ?? null;
  }
}

/** One attempt's hold on its delivery; released by identity, so a late release never ends a newer claim. */
export interface Claim {
  readonly deliveryId: string;
  /** The attempt count it was taken at. */
  readonly attempts: number;
}
