import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { listOf, mapText, parseMap, rateOf } from '../postback-url';
import { CopyButton, ErrorNote, Field, TextArea, problemsOf } from '../ui';

export interface Source {
  id: string;
  name: string;
  enabled: boolean;
  ip_allowlist: string[];
  disposition_map: Record<string, string>;
  rate_limit_per_second: number | null;
  signature_required: boolean;
  created_at: string;
}

export const ALLOWLIST_LABEL = 'IP allow-list (CIDRs, comma-separated; empty: any address)';
export const MAP_LABEL = 'Disposition map (one “dialer label = canonical label” per line)';
export const RATE_LABEL = 'Rate limit (requests per second; empty: the default)';

/** Allow-list, disposition map and rate limit, edited after creation; what was typed stays when a save fails. */
function SettingsForm({ source, onSaved }: { source: Source; onSaved: () => void }) {
  const [allow, setAllow] = useState(source.ip_allowlist.join(', '));
  const [map, setMap] = useState(mapText(source.disposition_map));
  const [rate, setRate] = useState(source.rate_limit_per_second?.toString() ?? '');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field.startsWith(field))?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    api
      .patch('ingest', `/v1/sources/${source.id}`, {
        ip_allowlist: listOf(allow),
        disposition_map: parseMap(map),
        rate_limit_per_second: rateOf(rate),
      })
      .then(() => {
        setError(undefined);
        setSaved(true);
        onSaved();
      }, setError);
  };
  return (
    <form onSubmit={submit} aria-label={`Settings of ${source.name}`}>
      <Field label={ALLOWLIST_LABEL} value={allow} onChange={setAllow} error={problem('ip_allowlist')} />
      <TextArea label={MAP_LABEL} value={map} onChange={setMap} error={problem('disposition_map')} />
      <Field label={RATE_LABEL} value={rate} onChange={setRate} error={problem('rate_limit_per_second')} />
      {fields.length === 0 && <ErrorNote error={message} />}
      <button type="submit">Save settings</button>
      {saved && <span role="status"> Saved.</span>}
    </form>
  );
}

/** Standard Webhooks signatures: require them with a new secret (shown once), rotate it, or stop. */
function SigningSecret({ source, onChanged }: { source: Source; onChanged: () => void }) {
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<unknown>();
  const issue = () =>
    api
      .post<{ signing_secret: string }>('ingest', `/v1/sources/${source.id}/signing-secret`)
      .then((issued) => {
        setError(undefined);
        setSecret(issued.signing_secret);
        onChanged();
      }, setError);
  const drop = () =>
    api.delete('ingest', `/v1/sources/${source.id}/signing-secret`).then(() => {
      setSecret(undefined);
      onChanged();
    }, setError);
  return (
    <div className="actions">
      <button type="button" onClick={issue}>
        {source.signature_required ? 'Rotate the signing secret' : 'Require signatures: issue a secret'}
      </button>
      {source.signature_required && (
        <button type="button" onClick={drop}>
          Stop requiring signatures
        </button>
      )}
      {secret && (
        <p className="new-key" role="status">
          <strong>Signing secret (shown once; an earlier one stops working):</strong>{' '}
          <code data-testid="signing-secret">{secret}</code> <CopyButton text={secret} label="Copy secret" />
        </p>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

export function SourceSettings({ source, onSaved }: { source: Source; onSaved: () => void }) {
  return (
    <details>
      <summary>Edit settings and signing secret</summary>
      <SettingsForm source={source} onSaved={onSaved} />
      <SigningSecret source={source} onChanged={onSaved} />
    </details>
  );
}
