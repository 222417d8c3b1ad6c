import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { type DecisionType } from '@postback/contracts';
import { type Endpoint, type EndpointScope, type HttpMethod } from './endpoint';

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
  @Column('boolean') active!: boolean;
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
      active: this.active,
    };
  }
}
