import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, problemsOf, useLoad } from '../ui';
import { DataTable } from '../table';
import { Campaigns } from './campaigns';
import { RuleEditor } from './rule-editor';

export interface Rule {
  id: string;
  version: number;
  name: string;
  scope: { type: string; id: string | null };
  dispositions: string[];
  outcome: { type: string };
  priority: number;
  active?: boolean;
}
interface Preview {
  matched: boolean;
  rule: { id: string; version: number; name: string } | null;
  outcome: { type: string; value: string; follow_up: boolean } | null;
  reason: string;
  considered: { id: string; version: number; name: string; applies: boolean; why: string }[];
}

function TryDisposition() {
  const [disposition, setDisposition] = useState('Sale');
  const [value, setValue] = useState('');
  const [campaign, setCampaign] = useState('');
  const [duration, setDuration] = useState('');
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<unknown>();
  const { fields } = problemsOf(error);
  const problem = (f: string) => fields.find((x) => x.field === f)?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api
      .post<Preview>('rules', '/v1/rules/preview', {
        disposition,
        value: value || undefined,
        campaign_id: campaign || undefined,
        duration_seconds: duration ? Number(duration) : undefined,
      })
      .then((p) => {
        setPreview(p);
        setError(undefined);
      }, setError);
  };
  return (
    <Section title="Try a disposition">
      <form onSubmit={submit} className="filters">
        <Field
          label="Disposition"
          value={disposition}
          onChange={setDisposition}
          error={problem('disposition')}
        />
        <Field label="Value" value={value} onChange={setValue} error={problem('value')} />
        <Field label="Campaign id" value={campaign} onChange={setCampaign} error={problem('campaign_id')} />
        <Field
          label="Duration (s)"
          value={duration}
          onChange={setDuration}
          error={problem('duration_seconds')}
        />
        <button type="submit">Preview</button>
      </form>
      {!fields.length && <ErrorNote error={error} />}
      {preview && (
        <div role="status">
          <p>
            <strong>
              {preview.matched
                ? `Decided by ${preview.rule!.name} v${preview.rule!.version}`
                : 'No rule applies'}
            </strong>
            {preview.outcome && `: ${preview.outcome.type}, value ${preview.outcome.value}`} —{' '}
            {preview.reason}
          </p>
          <ol>
            {preview.considered.map((c) => (
              <li key={c.id}>
                {c.name} v{c.version}: {c.applies ? 'applies' : 'does not apply'} — {c.why}
              </li>
            ))}
          </ol>
        </div>
      )}
    </Section>
  );
}

export function Rules() {
  const rules = useLoad(() => api.get<{ items: Rule[] }>('rules', '/v1/rules'));
  const [editing, setEditing] = useState<string>();
  return (
    <>
      <TryDisposition />
      <Campaigns />
      <Section title="Rules">
        <ErrorNote error={rules.error} />
        <DataTable columns={['Name', 'Scope', 'Dispositions', 'Outcome', 'Version', 'Action']}>
          {(rules.data?.items ?? []).map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td>
                {r.scope.type}
                {r.scope.id ? ` ${r.scope.id}` : ''}
              </td>
              <td>{r.dispositions.join(', ')}</td>
              <td>{r.outcome.type}</td>
              <td>v{r.version}</td>
              <td>
                <button type="button" onClick={() => setEditing(r.id)}>
                  Edit {r.name}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      </Section>
      {editing && <RuleEditor id={editing} onSaved={rules.reload} />}
    </>
  );
}
