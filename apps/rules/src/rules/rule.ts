import { type DecisionType } from '@postback/contracts';

export type ScopeType = 'global' | 'campaign' | 'buyer' | 'publisher';

/** More specific scopes win over less specific ones; then the higher priority. */
export const SCOPE_SPECIFICITY: Record<ScopeType, number> = {
  global: 0,
  campaign: 1,
  buyer: 2,
  publisher: 3,
};

export type RuleOutcome =
  | { type: 'conversion' }
  | { type: 'partial'; percent?: string; fixed_value?: string }
  | { type: 'micro'; value: string; event_name: string }
  | { type: 'none'; follow_up?: boolean }
  | { type: 'service' };

/** A custom field must equal a value exactly, or match a regular expression. */
export type CustomFieldCondition = { field: string; equals: string } | { field: string; matches: string };

/** Extra conditions beyond the disposition label; all must hold. */
export interface RuleConditions {
  min_duration_seconds?: number;
  custom_fields?: CustomFieldCondition[];
}

/** One version of a conversion rule, as data (rules are seeded and edited, never hard-coded). */
export interface Rule {
  id: string;
  version: number;
  name: string;
  scope: { type: ScopeType; id: string | null };
  /** Canonical dispositions it matches, compared case- and space-insensitively. */
  dispositions: string[];
  conditions?: RuleConditions;
  outcome: RuleOutcome;
  priority: number;
}

export interface Evaluation {
  rule: Rule;
  type: DecisionType;
  value: string;
  follow_up: boolean;
  event_name: string | null;
  reason: string;
}
