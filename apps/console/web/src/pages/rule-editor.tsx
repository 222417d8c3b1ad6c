import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api';
import { lineDiff } from '../line-diff';
import { type RuleFieldsJson, emptyRuleDraft, ruleBodyOf, ruleDraftOf, ruleProblem } from '../rule-draft';
import { ErrorNote, Section, SelectField, TextArea, problemsOf, useLoad } from '../ui';
import { RuleFields } from './rule-fields';
import { type Rule } from './rules';

/** The fields of a version a save sends (the version's own bookkeeping left out). */
const editable = (rule: Rule & RuleFieldsJson): RuleFieldsJson => ({
  name: rule.name,
  scope: rule.scope,
  dispositions: rule.dispositions,
  conditions: rule.conditions,
  outcome: rule.outcome,
  priority: rule.priority,
  active: rule.active,
});

/**
 * A rule's versions with a diff between any two, and its latest version edited in a form
 * (conditions and outcome values as fields) or, for power users, as raw JSON; saved as a new
 * version. What was typed stays when a save is refused, with each problem beside its field.
 */
export function RuleEditor({ id, onSaved }: { id: string; onSaved: () => void }) {
  const versions = useLoad(
    () => api.get<{ items: (Rule & RuleFieldsJson)[] }>('rules', `/v1/rules/${id}/versions`),
    [id],
  );
  const items = versions.data?.items ?? [];
  const latest = items.reduce<(Rule & RuleFieldsJson) | undefined>(
    (a, b) => (!a || b.version > a.version ? b : a),
    undefined,
  );
  const [draft, setDraft] = useState(emptyRuleDraft);
  const [raw, setRaw] = useState<string>();
  const [left, setLeft] = useState(1);
  const [right, setRight] = useState(1);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!latest) return;
    setDraft(ruleDraftOf(editable(latest)));
    setRaw(undefined);
    setRight(latest.version);
    setLeft(Math.max(1, latest.version - 1));
  }, [latest?.id, latest?.version]);
  const jsonOf = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (e) {
      setError(new Error(`The rule is not valid JSON: ${(e as Error).message}`));
      return undefined;
    }
  };
  /** Raw JSON shows what the form holds; back to the form, the JSON is read into it. */
  const toggleRaw = () => {
    if (raw === undefined) return setRaw(JSON.stringify(ruleBodyOf(draft), null, 2));
    const parsed = jsonOf(raw);
    if (parsed === undefined) return;
    setDraft(ruleDraftOf({ ...editable(latest!), ...(parsed as Partial<RuleFieldsJson>) }));
    setRaw(undefined);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = raw === undefined ? ruleBodyOf(draft) : jsonOf(raw);
    if (body === undefined) return;
    api.patch('rules', `/v1/rules/${id}`, body).then(() => {
      setError(undefined);
      setSaved(true);
      versions.reload();
      onSaved();
    }, setError);
  };
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => ruleProblem(fields, '', field);
  const byVersion = (v: number) => items.find((r) => r.version === v);
  const versionOptions = items.map((r) => [String(r.version), `v${r.version}`] as const);
  return (
    <Section title={`Rule ${latest?.name ?? id}`}>
      <form onSubmit={save} aria-label={`Edit rule ${latest?.name ?? id}`}>
        <p>
          Latest version: v{latest?.version}{' '}
          <button type="button" aria-pressed={raw !== undefined} onClick={toggleRaw}>
            Raw JSON
          </button>
        </p>
        {raw === undefined ? (
          <RuleFields draft={draft} onChange={setDraft} problem={problem} />
        ) : (
          <>
            <TextArea label="The rule as JSON" value={raw} onChange={setRaw} rows={14} />
            {fields.map((f) => (
              <p key={f.field} className="field-error" role="alert">
                {f.field}: {f.problem}
              </p>
            ))}
          </>
        )}
        {/* The whole answer under the form too: a problem with no field of its own is not lost. */}
        {(raw === undefined || !fields.length) && <ErrorNote error={message} />}
        <button type="submit">Save as a new version</button>
        {saved && <span role="status"> Saved.</span>}
      </form>
      <h3>Diff between versions</h3>
      <div className="filters">
        <SelectField
          label="Older"
          value={String(left)}
          onChange={(v) => setLeft(Number(v))}
          options={versionOptions}
        />
        <SelectField
          label="Newer"
          value={String(right)}
          onChange={(v) => setRight(Number(v))}
          options={versionOptions}
        />
      </div>
      {byVersion(left) && byVersion(right) && (
        <pre className="diff">
          {lineDiff(JSON.stringify(byVersion(left), null, 2), JSON.stringify(byVersion(right), null, 2)).map(
            (line, i) => (
              <span key={i} className={line.kind}>
                {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                {line.text}
                {'\n'}
              </span>
            ),
          )}
        </pre>
      )}
    </Section>
  );
}
