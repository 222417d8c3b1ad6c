import { Injectable } from '@nestjs/common';
import { type ConsumerHooks } from '@postback/kafka';
import { CallStateStore } from '../calls/call-state.store';
import { RulesMetrics } from '../rules.metrics';

export const WAIT_DUE_HEADER = 'x-wait-due-at';
const RECHECK_MS = 1000;

/** Every disposition dead-lettered by rules' consumers is counted by reason. */
@Injectable()
export class DispositionDeadLetters implements ConsumerHooks {
  constructor(private readonly metrics: RulesMetrics) {}

  onDeadLetter(reason: string): void {
    this.metrics.deadLetters.inc({ reason });
  }
}

/**
 * A parked disposition is due at its header's time, or as soon as its call has ended
 * (checked again every RECHECK_MS while it waits), so known calls are not held back.
 */
@Injectable()
export class ParkedDispositionDue extends DispositionDeadLetters implements ConsumerHooks {
  constructor(
    metrics: RulesMetrics,
    private readonly calls: CallStateStore,
  ) {
    super(metrics);
  }

  async notBefore(headers: Record<string, string>, callId: string | null): Promise<number | null> {
    const dueAt = Number(headers[WAIT_DUE_HEADER]) || null;
    if (dueAt === null || dueAt <= Date.now()) return null;
    if (callId && (await this.calls.hasEnded(callId))) return null;
    return Math.min(dueAt, Date.now() + RECHECK_MS);
  }
}
