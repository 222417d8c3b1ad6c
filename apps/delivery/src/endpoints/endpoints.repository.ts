import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import { Keyring } from '@postback/crypto';
import { type Endpoint } from './endpoint';
import { type EndpointInput } from './endpoint-input.schema';
import { EndpointEntity } from './endpoint.entity';
import { openAuth, sealAuth } from './endpoint-secrets';
import { DeliveryMetrics } from '../delivery.metrics';

@Injectable()
export class EndpointsRepository implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: DeliveryMetrics,
    private readonly keyring: Keyring,
  ) {}

  onModuleInit(): void {
    this.metrics.listDisabled = () => this.disabledIds();
  }

  async create(input: EndpointInput): Promise<Endpoint> {
    const id = randomUUID();
    const entity = this.dataSource.getRepository(EndpointEntity).create({
      id,
      name: input.name,
      urlTemplate: input.url_template,
      method: input.method,
      headers: input.headers,
      bodyTemplate: input.body_template,
      scopeType: input.scope.type,
      scopeId: input.scope.id,
      filter: input.filter,
      auth: sealAuth(input.auth, this.keyring, id),
      success: input.success,
      missingMacro: input.missing_macro,
      active: true,
      disabledReason: null,
      rateLimitPerSecond: input.rate_limit_per_second,
      maxInFlight: input.max_in_flight,
      backupUrlTemplate: input.backup_url_template,
      backupAfterFailures: input.backup_url_template === null ? null : input.backup_after_failures,
    });
    return this.toEndpoint(await this.dataSource.getRepository(EndpointEntity).save(entity));
  }

  async list(): Promise<Endpoint[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => this.toEndpoint(row));
  }

  async active(): Promise<Endpoint[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).findBy({ active: true });
    return rows.map((row) => this.toEndpoint(row));
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
    const row = await this.dataSource.getRepository(EndpointEntity).findOneBy({ id });
    return row ? this.toEndpoint(row) : null;
  }

  /** The row as delivery uses it: its secrets opened (they are stored sealed). */
  private toEndpoint(row: EndpointEntity): Endpoint {
    const endpoint = row.toEndpoint();
    return { ...endpoint, auth: openAuth(endpoint.auth, this.keyring, endpoint.id) };
  }
}
