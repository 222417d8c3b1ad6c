import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Not } from 'typeorm';
import { Keyring } from '@postback/crypto';
import { type Endpoint } from './endpoint';
import { type EndpointInput } from './endpoint-input.schema';
import { EndpointEntity } from './endpoint.entity';
import { openAuth, sealAuth } from './endpoint-secrets';
import { DeliveryMetrics } from '../delivery.metrics';

/**
 * How long the endpoints are reused for matching decisions. Reading them (a query, and each
 * one's secrets opened) took about a tenth of a wave of decisions under load; edits through
 * this process clear it at once, another replica's edits are seen within this.
 */
const MATCHING_TTL_MS = 1000;

@Injectable()
export class EndpointsRepository implements OnModuleInit {
  private matching?: { endpoints: Promise<Endpoint[]>; until: number };

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
    const repository = this.dataSource.getRepository(EndpointEntity);
    const entity = repository.create({
      id,
      ...this.columnsOf(id, input),
      active: true,
      disabledReason: null,
    });
    const saved = await repository.save(entity);
    this.matching = undefined; // after the write: a read cached while it ran must not outlive it
    return this.toEndpoint(saved);
  }

  /**
   * Changes an endpoint to what `change` makes of it (its secrets opened), in one transaction
   * with the row locked, so two edits at once cannot lose either. Whether it is in delivery
   * (and why not) and its deliveries are left as they are. Null when there is no such endpoint;
   * an error thrown by `change` changes nothing.
   */
  async update(id: string, change: (current: Endpoint) => EndpointInput): Promise<Endpoint | null> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(EndpointEntity);
      const row = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) return null;
      await repository.update({ id }, this.columnsOf(id, change(this.toEndpoint(row))));
      return repository.findOneByOrFail({ id });
    });
    this.matching = undefined;
    return updated && this.toEndpoint(updated);
  }

  /** The columns an endpoint's input sets, its secrets sealed for this row. */
  private columnsOf(id: string, input: EndpointInput): Partial<EndpointEntity> {
    return {
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
      rateLimitPerSecond: input.rate_limit_per_second,
      maxInFlight: input.max_in_flight,
      backupUrlTemplate: input.backup_url_template,
      backupAfterFailures: input.backup_url_template === null ? null : input.backup_after_failures,
    };
  }

  async list(): Promise<Endpoint[]> {
    const rows = await this.dataSource.getRepository(EndpointEntity).find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => this.toEndpoint(row));
  }

  /** Every endpoint, for matching decisions: reused for up to MATCHING_TTL_MS. */
  forMatching(): Promise<Endpoint[]> {
    const now = Date.now();
    if (!this.matching || this.matching.until <= now) {
      const endpoints = this.list();
      this.matching = { endpoints, until: now + MATCHING_TTL_MS };
      endpoints.catch(() => {
        if (this.matching?.endpoints === endpoints) this.matching = undefined; // not reused
      });
    }
    return this.matching.endpoints;
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
    this.matching = undefined;
  }

  /** Puts a disabled endpoint back into delivery; false when there is no such endpoint. */
  async enable(id: string): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(EndpointEntity)
      .update({ id }, { active: true, disabledReason: null });
    this.matching = undefined;
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
