import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, problemsOf, useLoad } from '../ui';
import { TemplateEditor } from './template-editor';

interface Endpoint {
  id: string;
  name: string;
  url_template: string;
  method: string;
  auth: { type: string; name?: string; username?: string };
  active: boolean;
  disabled_reason: string | null;
}
interface TestResult {
  dry_run: boolean;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number | null; body: string; duration_ms: number; error: string | null } | null;
  success: boolean | null;
}

const SHOWN = ['name', 'url_template', 'auth'];

const DEFAULT_TEMPLATE =
  'https://client.example/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp}';

function EndpointForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [method, setMethod] = useState('GET');
  const [template, setTemplate] = useState(DEFAULT_TEMPLATE);
  const [authType, setAuthType] = useState('none');
  const [authName, setAuthName] = useState('X-Api-Key');
  const [authValue, setAuthValue] = useState('');
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) =>
    fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const auth =
      authType === 'header' ? { type: 'header', name: authName, value: authValue } : { type: 'none' };
    // Kept as typed when refused: only a successful save clears the form.
    api.post('delivery', '/v1/endpoints', { name, method, url_template: template, auth }).then(() => {
      setError(undefined);
      setName('');
      setAuthValue('');
      onCreated();
    }, setError);
  };
  return (
    <form onSubmit={submit}>
      <Field label="Name" value={name} onChange={setName} error={problem('name')} />
      <div className="field">
        <label htmlFor="method">Method</label>
        <select id="method" value={method} onChange={(e) => setMethod(e.target.value)}>
          {['GET', 'POST', 'PUT'].map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </div>
      <TemplateEditor
        label="URL template"
        value={template}
        onChange={setTemplate}
        error={problem('url_template')}
      />
      <div className="field">
        <label htmlFor="auth">Auth</label>
        <select id="auth" value={authType} onChange={(e) => setAuthType(e.target.value)}>
          <option value="none">none</option>
          <option value="header">a header with a secret</option>
        </select>
      </div>
      {authType === 'header' && (
        <>
          <Field label="Header name" value={authName} onChange={setAuthName} error={problem('auth.name')} />
          <Field
            label="Secret value (stored, never shown again)"
            type="password"
            value={authValue}
            onChange={setAuthValue}
            error={problem('auth.value')}
          />
        </>
      )}
      {/* A problem with a field not on this form (or no field at all) is shown here. */}
      {(fields.length === 0 || !fields.some((f) => SHOWN.includes(f.field.split('.')[0]))) && (
        <ErrorNote error={message} />
      )}
      <button type="submit">Create endpoint</button>
    </form>
  );
}

function TestResultView({ result }: { result: TestResult }) {
  return (
    <div className="test-result" role="status">
      <p>
        <strong>{result.dry_run ? 'Dry run: rendered request' : 'Sent'}</strong>
        {result.success !== null && <> · {result.success ? 'success' : 'failure'}</>}
      </p>
      <pre>
        {result.request.method} {result.request.url}
        {'\n'}
        {Object.entries(result.request.headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n')}
        {result.request.body ? `\n\n${result.request.body}` : ''}
      </pre>
      {result.response && (
        <pre>
          {result.response.error ?? `HTTP ${result.response.status} in ${result.response.duration_ms} ms`}
          {'\n'}
          {result.response.body}
        </pre>
      )}
    </div>
  );
}

function EndpointRow({ endpoint, onChanged }: { endpoint: Endpoint; onChanged: () => void }) {
  const [result, setResult] = useState<TestResult>();
  const [error, setError] = useState<unknown>();
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
        Auth: {endpoint.auth.type}
        {endpoint.auth.name ? ` (${endpoint.auth.name}: secret stored)` : ''}
        {endpoint.disabled_reason && <> · disabled: {endpoint.disabled_reason}</>}
      </p>
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
        <a href={`#/deliveries?endpoint_id=${endpoint.id}`}>Deliveries</a>
      </div>
      <ErrorNote error={error} />
      {result && <TestResultView result={result} />}
    </article>
  );
}

export function Endpoints() {
  const endpoints = useLoad(() => api.get<{ items: Endpoint[] }>('delivery', '/v1/endpoints'));
  return (
    <>
      <Section title="New endpoint">
        <EndpointForm onCreated={endpoints.reload} />
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
