import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { type MissingMacroPolicy } from '../templates/template';
import { type DecisionType } from '@postback/contracts';
import {
  type Endpoint,
  type EndpointAuth,
  type EndpointScope,
  type HttpMethod,
  type SuccessRule,
} from './endpoint';

@Entity({ name: 'endpoints' })
export class EndpointEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'url_template' }) urlTemplate!: string;
  @Column('text') method!: HttpMethod;
  @Column('jsonb') headers!: Record<string, string>;
  @Column('text', { name: 'body_template', nullable: true }) bodyTemplate!: string | null;
  @Column('text', { name: 'scope_type' }) scopeType!: EndpointScope['type'];
  @Column('text', { name: 'scope_id', nullable: true }) scopeId!: string | null;
  @Column('jsonb') filter!: {
    types: DecisionType[];
    min_value: string | null;
    upgrades: boolean;
    reversals: boolean;
  };
  /** Secrets (signing secrets, header values, passwords) sealed with ENDPOINT_SECRET_KEYS: see endpoint-secrets. */
  @Column('jsonb') auth!: EndpointAuth;
  @Column('jsonb') success!: SuccessRule;
  @Column('text', { name: 'missing_macro' }) missingMacro!: MissingMacroPolicy;
  @Column('boolean') active!: boolean;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason!: string | null;
  @Column('double precision', { name: 'rate_limit_per_second', nullable: true })
  rateLimitPerSecond!: number | null;
  @Column('integer', { name: 'max_in_flight', nullable: true }) maxInFlight!: number | null;
  @Column('text', { name: 'backup_url_template', nullable: true }) backupUrlTemplate!: string | null;
  @Column('integer', { name: 'backup_after_failures', nullable: true }) backupAfterFailures!: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;

  toEndpoint(): Endpoint {
    return {
      id: this.id,
      name: this.name,
      url_template: this.urlTemplate,
      method: this.method,
      headers: this.headers,
      body_template: this.bodyTemplate,
      scope: { type: this.scopeType, id: this.scopeId } as EndpointScope,
      filter: this.filter,
      auth: this.auth,
      success: { body_pattern: this.success.body_pattern ?? null },
      missing_macro: this.missingMacro,
      active: this.active,
      disabled_reason: this.disabledReason,
      rate_limit_per_second: this.rateLimitPerSecond ?? null,
      max_in_flight: this.maxInFlight ?? null,
      backup_url_template: this.backupUrlTemplate ?? null,
      backup_after_failures: this.backupAfterFailures ?? null,
    };
  }
}
