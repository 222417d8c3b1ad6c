import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { session } from '../session-info';
import { listOf, mapText, parseMap, postbackUrl, rateOf } from '../postback-url';
import { CopyButton, ErrorNote, Field, Section, TextArea, problemsOf, time, useLoad } from '../ui';
import { DataTable } from '../table';
import { ALLOWLIST_LABEL, MAP_LABEL, RATE_LABEL, type Source, SourceSettings } from './source-settings';

interface ApiKey {
  id: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
  key?: string;
}

/** A key shown once: with the URL to paste into the dialer, and copy buttons. */
function NewKey({ apiKey }: { apiKey: ApiKey & { key: string } }) {
  const url = postbackUrl(session.ingestUrl, apiKey.key);
  return (
    <div className="new-key" role="status">
      <p>
        <strong>New API key (shown once):</strong> <code>{apiKey.key}</code>{' '}
        <CopyButton text={apiKey.key} label="Copy key" />
      </p>
      <p>Postback URL to paste into the dialer:</p>
      <p>
        <code className="url" data-testid="postback-url">
          {url}
        </code>{' '}
        <CopyButton text={url} label="Copy URL" />
      </p>
    </div>
  );
}

function SourceForm({ onCreated }: { onCreated: (key: ApiKey & { key: string }) => void }) {
  const [name, setName] = useState('');
  const [allow, setAllow] = useState('');
  const [map, setMap] = useState('');
  const [rate, setRate] = useState('');
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field.startsWith(field))?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api
      .post<Source & { api_key: ApiKey & { key: string } }>('ingest', '/v1/sources', {
        name,
        ip_allowlist: listOf(allow),
        disposition_map: parseMap(map),
        rate_limit_per_second: rateOf(rate),
      })
      // The form keeps what was typed when the save fails; it is cleared only on success.
      .then((created) => {
        setError(undefined);
        setName('');
        onCreated(created.api_key);
      }, setError);
  };
  return (
    <form onSubmit={submit}>
      <Field label="Name" value={name} onChange={setName} error={problem('name')} />
      <Field label={ALLOWLIST_LABEL} value={allow} onChange={setAllow} error={problem('ip_allowlist')} />
      <TextArea label={MAP_LABEL} value={map} onChange={setMap} error={problem('disposition_map')} />
      <Field label={RATE_LABEL} value={rate} onChange={setRate} error={problem('rate_limit_per_second')} />
      {fields.length === 0 && <ErrorNote error={message} />}
      <button type="submit">Create source</button>
    </form>
  );
}

function SourceRow({ source, onChanged }: { source: Source; onChanged: () => void }) {
  const keys = useLoad(
    () => api.get<{ items: ApiKey[] }>('ingest', `/v1/sources/${source.id}/api-keys`),
    [source.id],
  );
  const [issued, setIssued] = useState<ApiKey & { key: string }>();
  const [error, setError] = useState<unknown>();
  const act = (promise: Promise<unknown>) => promise.then(onChanged, setError).then(keys.reload);
  return (
    <article className="item" aria-label={`Source ${source.name}`}>
      <h3>
        {source.name}{' '}
        <span className={source.enabled ? 'badge ok' : 'badge bad'}>
          {source.enabled ? 'enabled' : 'disabled'}
        </span>
      </h3>
      <p>
        IP allow-list: {source.ip_allowlist.join(', ') || 'any'} · map:{' '}
        {mapText(source.disposition_map) || 'none'} · signatures{' '}
        {source.signature_required ? 'required' : 'not required'} · rate limit{' '}
        {source.rate_limit_per_second ? `${source.rate_limit_per_second}/s` : 'default'} · created{' '}
        {time(source.created_at)}
      </p>
      <p>
        Postback URL: <code className="url">{postbackUrl(session.ingestUrl, '<API key>')}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          onClick={() => act(api.patch('ingest', `/v1/sources/${source.id}`, { enabled: !source.enabled }))}
        >
          {source.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          onClick={() =>
            act(
              api
                .post<ApiKey & { key: string }>('ingest', `/v1/sources/${source.id}/api-keys`)
                .then(setIssued),
            )
          }
        >
          Rotate: issue a new key
        </button>
      </div>
      {issued && <NewKey apiKey={issued} />}
      <ErrorNote error={error} />
      <SourceSettings source={source} onSaved={onChanged} />
      <DataTable columns={['Prefix', 'Created', 'Revoked', 'Action']} caption="API keys">
        {(keys.data?.items ?? []).map((key) => (
          <tr key={key.id}>
            <td>
              <code>{key.prefix}…</code>
            </td>
            <td>{time(key.created_at)}</td>
            <td>{time(key.revoked_at)}</td>
            <td>
              {!key.revoked_at && (
                <button
                  type="button"
                  onClick={() => act(api.delete('ingest', `/v1/sources/${source.id}/api-keys/${key.id}`))}
                >
                  Revoke {key.prefix}
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </article>
  );
}

export function Sources() {
  const sources = useLoad(() => api.get<{ items: Source[] }>('ingest', '/v1/sources'));
  const [created, setCreated] = useState<ApiKey & { key: string }>();
  return (
    <>
      <Section title="New source">
        <SourceForm
          onCreated={(key) => {
            setCreated(key);
            sources.reload();
          }}
        />
        {created && <NewKey apiKey={created} />}
      </Section>
      <Section title="Sources">
        <ErrorNote error={sources.error} />
        {(sources.data?.items ?? []).map((source) => (
          <SourceRow key={source.id} source={source} onChanged={sources.reload} />
        ))}
      </Section>
    </>
  );
}
