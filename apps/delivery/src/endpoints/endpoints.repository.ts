import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import { type Endpoint } from './endpoint';
import { type EndpointInput } from './endpoint-input.schema';
import { EndpointEntity } from './endpoint.entity';
import { DeliveryMetrics } from '../delivery.metrics';

@Injectable()
export class EndpointsRepository implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: DeliveryMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.listDisabled = () => this.disabledIds();
  }

  async create(input: EndpointInput): Promise<Endpoint> {
    const entity = this.dataSource.getRepository(EndpointEntity).create({
      id: randomUUID(),
      name: input.name,
      urlTemplate: input.url_template,
      method: input.method,
      headers: input.headers,
      bodyTemplate: input.body_template,
      scopeType: input.scope.type,
      scopeId: input.scope.id,
      filter: input.filter,
      auth: input.auth,
      success: input.success,
      missingMacro: input.missing_macro,
      active: true,
      disabledReason: null,
      rateLimitPerSecond: input.rate_limit_per_second,
      maxInFlight: input.max_in_flight,
    });
    return (await this.dataSource.getRepository(EndpointEntity).save(entity)).toEndpoint();
  }

  async list(): Promise<Endpoint[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => row.toEndpoint());
  }

  async active(): Promise<Endpoint[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).findBy({ active: true });
    return rows.map((row) => row.toEndpoint());
  }

  /** Takes an endpoint out of delivery (circuit breaker): it stays listed, with the reason. */
  async disable(id: string, reason: string): Promise<void> {
    await this.dataSource
      .getRepository(EndpointEntity)
      .update({ id }, { active: false, disabledReason: reason });
  }

  /** Puts a disabled endpoint back into delivery; false when there is no such endpoint. */
  async enable(id: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(EndpointEntity)
      .update({ id }, { active: true, disabledReason: null });
    return (result.affected ?? 0) > 0;
  }

  /** Endpoints the circuit breaker disabled; one switched off by hand has no reason and is left out. */
  async disabledIds(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(EndpointEntity)
      .find({ select: { id: true }, where: { active: false, disabledReason: Not(IsNull()) } });
    return rows.map((row) => row.id);
  }

  async get(id: string): Promise<Endpoint | null> {
    return (await this.dataSource.getRepository(EndpointEntity).findOneBy({ id }))?.toEndpoint() ?? null;
  }
}
