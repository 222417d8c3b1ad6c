import { useEffect, useState } from 'react';
import { api } from '../api';
import { lineDiff } from '../line-diff';
import { ErrorNote, Section, problemsOf, useLoad } from '../ui';
import { type Rule } from './rules';

const editable = ({
  name,
  scope,
  dispositions,
  outcome,
  priority,
  ...rest
}: Rule & { conditions?: unknown }) =>
  JSON.stringify({ name, scope, dispositions, conditions: rest.conditions, outcome, priority }, null, 2);

/** A rule's versions with a diff between any two, and its latest version edited as JSON. */
export function RuleEditor({ id, onSaved }: { id: string; onSaved: () => void }) {
  const versions = useLoad(() => api.get<{ items: Rule[] }>('rules', `/v1/rules/${id}/versions`), [id]);
  const items = versions.data?.items ?? [];
  const latest = items.reduce<Rule | undefined>((a, b) => (!a || b.version > a.version ? b : a), undefined);
  const [text, setText] = useState('');
  const [left, setLeft] = useState(1);
  const [right, setRight] = useState(1);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!latest) return;
    setText(editable(latest));
    setRight(latest.version);
    setLeft(Math.max(1, latest.version - 1));
  }, [latest?.id, latest?.version]);
  const save = () => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setError(new Error(`The rule is not valid JSON: ${(e as Error).message}`));
      return;
    }
    // The text stays as typed when the save is refused.
    api.patch('rules', `/v1/rules/${id}`, body).then(() => {
      setError(undefined);
      versions.reload();
      onSaved();
    }, setError);
  };
  const byVersion = (v: number) => items.find((r) => r.version === v);
  const { fields, message } = problemsOf(error);
  return (
    <Section title={`Rule ${latest?.name ?? id}`}>
      <label htmlFor="rule-json">Latest version (v{latest?.version}), as JSON</label>
      <textarea
        id="rule-json"
        rows={14}
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
      />
      {fields.map((f) => (
        <p key={f.field} className="field-error" role="alert">
          {f.field}: {f.problem}
        </p>
      ))}
      {!fields.length && <ErrorNote error={message} />}
      <button type="button" onClick={save}>
        Save as a new version
      </button>
      <h3>Diff between versions</h3>
      <div className="filters">
        {[
          ['Older', left, setLeft],
          ['Newer', right, setRight],
        ].map(([label, value, set]) => (
          <div className="field" key={label as string}>
            <label htmlFor={`diff-${label}`}>{label as string}</label>
            <select
              id={`diff-${label}`}
              value={value as number}
              onChange={(e) => (set as (n: number) => void)(Number(e.target.value))}
            >
              {items.map((r) => (
                <option key={r.version} value={r.version}>
                  v{r.version}
                </option>
              ))}
            </select>
          </div>
        ))}
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
