import { Injectable } from '@nestjs/common';
import { RecentMap } from './recent-map';

/**
 * Finished deliveries whose outcome (and DLQ message) this process has produced, with the attempt
 * count they finished at. A job met again after its delivery finished produces those again, in
 * case the process that finished it died before producing them; when that process is this one
 * and it did produce them, the job has nothing left to do (a handed-off attempt's job, say, that
 * comes due after its attempt dead-lettered the delivery). Other processes, or this one after a
 * restart, do not know and produce again: at least once.
 */
@Injectable()
export class FollowedUpHere {
  private readonly finished = new RecentMap<string, number>(100_000);

  /** The outcome of the delivery, finished at `attempts`, was produced (acknowledged). */
  produced(deliveryId: string, attempts: number): void {
    this.finished.set(deliveryId, attempts);
  }

  has(deliveryId: string, attempts: number): boolean {
    return this.finished.get(deliveryId) === attempts;
  }
}
