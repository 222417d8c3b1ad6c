import { type DispositionMap } from '../dispositions/disposition-map';

/** A sender of postbacks (a call centre, a dialer platform) as the admin API shows it. */
export interface Source {
  id: string;
  name: string;
  enabled: boolean;
  ip_allowlist: string[];
  disposition_map: DispositionMap;
  rate_limit_per_second: number | null;
  signature_required: boolean;
  created_at: string;
}

/** An API key as listed: never the key itself, which is shown once at creation. */
export interface ApiKeyInfo {
  id: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** What the intake path needs to know about the source behind a key. */
export interface IntakeSource extends Source {
  signing_secret_version: number | null;
}
