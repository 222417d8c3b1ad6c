export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long an open circuit skips sending (deliveries go straight to the retry path). */
  cooldownMs: number;
  /** Failing continuously for this long disables the endpoint. */
  disableAfterMs: number;
  /** A failure this long after the previous one starts a new run: the endpoint was not failing in between. */
  failureGapMs: number;
}

interface EndpointCircuit {
  consecutive: number;
  openUntil: number;
  failingSince: number | null;
  lastFailureAt: number;
}

export interface FailureVerdict {
  /** The circuit opened with this failure (it was closed before). */
  opened: boolean;
  /** The endpoint has failed continuously for disableAfterMs: take it out of delivery. */
  disable: boolean;
}

/**
 * Per-endpoint circuit breaker, in memory (each replica judges what it sees). After the
 * cool-down one attempt goes through (half-open): a success closes it, a failure reopens it.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<string, EndpointCircuit>();

  constructor(
    private readonly options: CircuitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  isOpen(endpointId: string): boolean {
    return (this.circuits.get(endpointId)?.openUntil ?? 0) > this.now();
  }

  /** When an open circuit lets attempts through again (epoch ms); 0 when it is closed. */
  reopensAt(endpointId: string): number {
    return this.isOpen(endpointId) ? this.circuits.get(endpointId)!.openUntil : 0;
  }

  onSuccess(endpointId: string): void {
    this.circuits.delete(endpointId);
  }

  onFailure(endpointId: string): FailureVerdict {
    const now = this.now();
    const known = this.circuits.get(endpointId);
    const circuit =
      known && now - known.lastFailureAt <= this.options.failureGapMs
        ? known
        : { consecutive: 0, openUntil: 0, failingSince: null, lastFailureAt: now };
    const wasOpen = circuit.openUntil > now;
    circuit.lastFailureAt = now;
    circuit.consecutive += 1;
    circuit.failingSince ??= now;
    if (circuit.consecutive >= this.options.threshold) circuit.openUntil = now + this.options.cooldownMs;
    this.circuits.set(endpointId, circuit);
    return {
      opened: !wasOpen && circuit.openUntil > now,
      disable: now - circuit.failingSince >= this.options.disableAfterMs,
    };
  }
}
