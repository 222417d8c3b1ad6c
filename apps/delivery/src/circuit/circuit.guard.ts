import { Inject, Injectable } from '@nestjs/common';
import { type Logger } from 'pino';
import { type Config, InjectConfig } from '@postback/config';
import { ROOT_LOGGER } from '@postback/observability';
import { CircuitBreaker } from './circuit-breaker';
import { DeliveryMetrics } from '../delivery.metrics';
import { type Endpoint } from '../endpoints/endpoint';
import { EndpointsRepository } from '../endpoints/endpoints.repository';

/** The circuit breaker with its effects: the circuit-state metric, and disabling an endpoint that keeps failing. */
@Injectable()
export class CircuitGuard {
  private readonly breaker: CircuitBreaker;

  constructor(
    @InjectConfig() config: Config,
    private readonly endpoints: EndpointsRepository,
    private readonly metrics: DeliveryMetrics,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {
    this.breaker = new CircuitBreaker({
      threshold: config.deliveryGuards.circuitFailureThreshold,
      cooldownMs: config.deliveryGuards.circuitCooldownMs,
      disableAfterMs: config.deliveryGuards.disableAfterMs,
      failureGapMs: config.deliveryGuards.circuitFailureGapMs,
    });
  }

  isOpen(endpointId: string): boolean {
    const open = this.breaker.isOpen(endpointId);
    this.metrics.circuitState.set({ endpoint_id: endpointId }, open ? 1 : 0);
    return open;
  }

  /** When an open circuit lets attempts through again (epoch ms); 0 when it is closed. */
  reopensAt(endpointId: string): number {
    return this.breaker.reopensAt(endpointId);
  }

  onSuccess(endpointId: string): void {
    this.breaker.onSuccess(endpointId);
    this.metrics.circuitState.set({ endpoint_id: endpointId }, 0);
  }

  /** An operator put the endpoint back: it starts with a closed circuit and a clean record. */
  reset(endpointId: string): void {
    this.onSuccess(endpointId);
  }

  /** `log` carries the delivery that tipped the balance (call, delivery and trace ids). */
  async onFailure(endpoint: Endpoint, reason: string, log: Logger = this.logger): Promise<void> {
    const verdict = this.breaker.onFailure(endpoint.id);
    if (verdict.opened) {
      this.metrics.circuitState.set({ endpoint_id: endpoint.id }, 1);
      log.warn({ endpoint_id: endpoint.id, reason }, 'circuit opened: deliveries skip to the retry path');
    }
    if (verdict.disable) {
      await this.endpoints.disable(endpoint.id, `failing continuously: ${reason}`);
      this.breaker.onSuccess(endpoint.id);
      this.metrics.endpointsDisabled.inc({ endpoint_id: endpoint.id });
      log.error({ endpoint_id: endpoint.id, reason }, 'endpoint disabled after failing continuously');
    }
  }
}
