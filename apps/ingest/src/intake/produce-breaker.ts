/**
 * After a failed produce, further writes are refused at once for `cooldownMs` instead of each
 * waiting out kafkajs's retries (~10 s) for the same answer; then writes are tried again.
 * Pure: the caller passes the time.
 */
export class ProduceBreaker {
  private failedAt: number | null = null;

  constructor(private readonly cooldownMs: number) {}

  /** True while writes should be refused without trying. */
  isOpen(nowMs: number): boolean {
    return this.failedAt !== null && nowMs - this.failedAt < this.cooldownMs;
  }

  failed(nowMs: number): void {
    this.failedAt = nowMs;
  }

  succeeded(): void {
    this.failedAt = null;
  }
}
