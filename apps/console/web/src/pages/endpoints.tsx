import { useState } from 'react';
import { api } from '../api';
import { type SavedEndpoint } from '../endpoint-draft';
import { ErrorNote, Section, useLoad } from '../ui';
import { EndpointForm } from './endpoint-form';
import { type TestResult, TestResultView } from './request-preview';

/** The scheme and its non-secret parts: the API never returns a secret, and neither does this. */
function authText(auth: SavedEndpoint['auth']): string {
  if (auth.type === 'header') return `header ${auth.name} (secret stored)`;
  if (auth.type === 'basic') return `basic, user ${auth.username} (password stored)`;
  if (auth.type === 'standard_webhooks') return `Standard Webhooks (${auth.secrets} secret(s) stored)`;
  return 'none';
}

function EndpointRow({ endpoint, onChanged }: { endpoint: SavedEndpoint; onChanged: () => void }) {
  const [result, setResult] = useState<TestResult>();
  const [error, setError] = useState<unknown>();
  const [editing, setEditing] = useState(false);
  const test = (dry: boolean) =>
    api
      .post<TestResult>('delivery', `/v1/endpoints/${endpoint.id}/test${dry ? '?dry_run=true' : ''}`)
      .then(setResult, setError);
  return (
    <article className="item" aria-label={`Endpoint ${endpoint.name}`}>
      <h3>
        {endpoint.name}{' '}
        <span className={endpoint.active ? 'badge ok' : 'badge bad'}>
          {endpoint.active ? 'active' : 'disabled'}
        </span>
      </h3>
      <p>
        {endpoint.method} <code className="url">{endpoint.url_template}</code>
      </p>
      <p>
        Auth: {authText(endpoint.auth)} · wants: {endpoint.filter.types.join(', ')}
        {endpoint.filter.min_value && ` from ${endpoint.filter.min_value}`}
        {!endpoint.filter.upgrades && ', no upgrades'}
        {!endpoint.filter.reversals && ', no reversals'}
        {endpoint.disabled_reason && <> · disabled: {endpoint.disabled_reason}</>}
      </p>
      {(Object.keys(endpoint.headers).length > 0 || endpoint.body_template) && (
        <pre className="template">
          {Object.entries(endpoint.headers)
            .map(([name, value]) => `${name}: ${value}`)
            .join('\n')}
          {endpoint.body_template && `\n${endpoint.body_template}`}
        </pre>
      )}
      <div className="actions">
        <button type="button" onClick={() => test(true)}>
          Dry run {endpoint.name}
        </button>
        <button type="button" onClick={() => test(false)}>
          Test-fire {endpoint.name}
        </button>
        {!endpoint.active && (
          <button
            type="button"
            onClick={() =>
              api.post('delivery', `/v1/endpoints/${endpoint.id}/enable`).then(onChanged, setError)
            }
          >
            Enable {endpoint.name}
          </button>
        )}
        <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)}>
          Edit {endpoint.name}
        </button>
        <a href={`#/deliveries?endpoint_id=${endpoint.id}`}>Deliveries</a>
      </div>
      {editing && (
        <EndpointForm
          editing={endpoint}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      <ErrorNote error={error} />
      {result && <TestResultView result={result} />}
    </article>
  );
}

export function Endpoints() {
  const endpoints = useLoad(() => api.get<{ items: SavedEndpoint[] }>('delivery', '/v1/endpoints'));
  return (
    <>
      <Section title="New endpoint">
        <EndpointForm onSaved={endpoints.reload} />
      </Section>
      <Section title="Endpoints">
        <ErrorNote error={endpoints.error} />
        {(endpoints.data?.items ?? []).map((endpoint) => (
          <EndpointRow key={endpoint.id} endpoint={endpoint} onChanged={endpoints.reload} />
        ))}
      </Section>
    </>
  );
}
