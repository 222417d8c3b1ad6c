/** A rule as the form holds it: every value as typed, so nothing is lost when a save is refused. */
export interface RuleDraft {
  name: string;
  scopeType: string;
  scopeId: string;
  dispositions: string;
  minDuration: string;
  customFields: { field: string; test: 'equals' | 'matches'; value: string }[];
  outcomeType: string;
  percent: string;
  fixedValue: string;
  value: string;
  eventName: string;
  followUp: boolean;
  priority: string;
  active: boolean;
}

export const OUTCOME_TYPES = ['conversion', 'partial', 'micro', 'none', 'service'] as const;
export const SCOPE_TYPES = ['global', 'campaign', 'publisher', 'buyer'] as const;

type CustomField = { field: string; equals?: string; matches?: string };
/** A rule as the rules API returns and takes it (the fields the form edits). */
export interface RuleFieldsJson {
  name: string;
  scope: { type: string; id: string | null };
  dispositions: string[];
  conditions?: { min_duration_seconds?: number; custom_fields?: CustomField[] };
  outcome: {
    type: string;
    percent?: string;
    fixed_value?: string;
    value?: string;
    event_name?: string;
    follow_up?: boolean;
  };
  priority: number;
  active?: boolean;
}

/** A new rule as the API would take it: global, no dispositions yet, a full conversion. */
export const EMPTY_RULE: RuleFieldsJson = {
  name: '',
  scope: { type: 'global', id: null },
  dispositions: [],
  outcome: { type: 'conversion' },
  priority: 0,
};

export const emptyRuleDraft = (): RuleDraft => ruleDraftOf(EMPTY_RULE);

export function ruleDraftOf(rule: RuleFieldsJson): RuleDraft {
  const { outcome, conditions = {} } = rule;
  return {
    name: rule.name,
    scopeType: rule.scope.type,
    scopeId: rule.scope.id ?? '',
    dispositions: rule.dispositions.join(', '),
    minDuration: conditions.min_duration_seconds === undefined ? '' : String(conditions.min_duration_seconds),
    customFields: (conditions.custom_fields ?? []).map((c) =>
      c.matches !== undefined
        ? { field: c.field, test: 'matches', value: c.matches }
        : { field: c.field, test: 'equals', value: c.equals ?? '' },
    ),
    outcomeType: outcome.type,
    percent: outcome.percent ?? '',
    fixedValue: outcome.fixed_value ?? '',
    value: outcome.value ?? '',
    eventName: outcome.event_name ?? '',
    followUp: outcome.follow_up ?? false,
    priority: String(rule.priority),
    active: rule.active ?? true,
  };
}

/** A whole number as typed becomes a number; anything else is sent as typed, for the API to name. */
const numberOf = (text: string): number | string => (/^-?\d+$/.test(text.trim()) ? Number(text) : text);

function outcomeOf(d: RuleDraft): RuleFieldsJson['outcome'] {
  switch (d.outcomeType) {
    case 'partial':
      return {
        type: 'partial',
        ...(d.percent.trim() ? { percent: d.percent.trim() } : {}),
        ...(d.fixedValue.trim() ? { fixed_value: d.fixedValue.trim() } : {}),
      };
    case 'micro':
      return { type: 'micro', value: d.value.trim(), event_name: d.eventName.trim() };
    case 'none':
      return { type: 'none', follow_up: d.followUp };
    default:
      return { type: d.outcomeType };
  }
}

/** The rule as `POST`/`PATCH /v1/rules` and a backtest change take it; only the chosen outcome's parts. */
export function ruleBodyOf(d: RuleDraft): Record<string, unknown> {
  const conditions: Record<string, unknown> = {};
  if (d.minDuration.trim()) conditions.min_duration_seconds = numberOf(d.minDuration);
  if (d.customFields.length > 0) {
    conditions.custom_fields = d.customFields.map((c) => ({ field: c.field.trim(), [c.test]: c.value }));
  }
  return {
    name: d.name,
    scope: { type: d.scopeType, id: d.scopeType === 'global' ? null : d.scopeId.trim() },
    dispositions: d.dispositions
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    conditions,
    outcome: outcomeOf(d),
    priority: numberOf(d.priority),
    active: d.active,
  };
}

/** The problem the API named for a form field (`outcome.percent`, `dispositions[0]`, …). */
export function ruleProblem(
  fields: { field: string; problem: string }[],
  prefix: string,
  field: string,
): string | undefined {
  return fields.find((f) => {
    const name = f.field.startsWith(prefix) ? f.field.slice(prefix.length) : undefined;
    return (
      name !== undefined && (name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`))
    );
  })?.problem;
}
