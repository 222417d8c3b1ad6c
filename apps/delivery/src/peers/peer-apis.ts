import { Injectable } from '@nestjs/common';
import { type Config, InjectConfig } from '@postback/config';

/** A peer service's admin API did not answer as expected (down, slow, or refused the request). */
export class PeerUnavailableError extends Error {}

export interface AcceptedHour {
  hour: string;
  accepted: number;
}

export interface DecidedHour {
  hour: string;
  decided: number;
  changed: number;
}

export interface PeerDecision {
  type: string;
  status: string;
  value: string;
  rule_id: string;
  rule_version: number;
  follow_up: boolean;
  disposition: string;
  decided_at: string;
}

/**
 * The admin APIs of ingest and rules as delivery reads them: each service owns its tables, so
 * the ledger and the reconciliation ask the service that keeps a record, with the shared admin
 * token, rather than read its schema.
 */
@Injectable()
export class PeerApis {
  constructor(@InjectConfig() private readonly config: Config) {}

  acceptedPerHour(
    from: Date,
    to: Date,
    timeoutMs = 5000,
  ): Promise<{ accepted: number; hours: AcceptedHour[] }> {
    return this.get(this.config.peers.ingestUrl, `/v1/ledger/accepted?${range(from, to)}`, timeoutMs);
  }

  decidedPerHour(
    from: Date,
    to: Date,
    timeoutMs = 5000,
  ): Promise<{ decided: number; changed: number; hours: DecidedHour[] }> {
    return this.get(this.config.peers.rulesUrl, `/v1/ledger/decided?${range(from, to)}`, timeoutMs);
  }

  /** A call's decisions in the order rules made them. */
  async decisionsOf(callId: string): Promise<PeerDecision[]> {
    const path = `/v1/conversions?call_id=${encodeURIComponent(callId)}`;
    return (await this.get<{ items: PeerDecision[] }>(this.config.peers.rulesUrl, path, 5000)).items;
  }

  /** The name a rule had at a version. */
  async ruleName(id: string, version: number): Promise<string | null> {
    const path = `/v1/rules/${encodeURIComponent(id)}/versions`;
    const { items } = await this.get<{ items: { version: number; name: string }[] }>(
      this.config.peers.rulesUrl,
      path,
      5000,
    );
    return items.find((rule) => rule.version === version)?.name ?? null;
  }

  private async get<T>(base: string, path: string, timeoutMs: number): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      headers: { authorization: `Bearer ${this.config.adminToken ?? ''}` },
      signal: AbortSignal.timeout(timeoutMs),
    }).catch((error: unknown) => {
      throw new PeerUnavailableError(`${base} did not answer ${path.split('?')[0]}: ${String(error)}`);
    });
    if (!response.ok)
      throw new PeerUnavailableError(`${base} answered ${response.status} to ${path.split('?')[0]}`);
    return (await response.json()) as T;
  }
}

const range = (from: Date, to: Date): string =>
  new URLSearchParams({ from: from.toISOString(), to: to.toISOString() }).toString();
