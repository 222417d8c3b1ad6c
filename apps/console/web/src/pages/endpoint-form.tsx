import { type FormEvent, useState } from 'react';
import { api } from '../api';
import {
  type AuthType,
  DECISION_TYPES,
  type EndpointDraft,
  type SavedEndpoint,
  draftOf,
  emptyDraft,
  endpointBody,
  previewBody,
} from '../endpoint-draft';
import { ErrorNote, Field, SelectField, TextArea, problemsOf } from '../ui';
import { AuthFields } from './auth-fields';
import { RequestPreview } from './request-preview';
import { TemplateEditor } from './template-editor';

const DEFAULT_TEMPLATE =
  'https://client.example/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp}';
/** Fields this form shows a problem beside; any other problem is shown under the form. */
const SHOWN = ['name', 'url_template', 'auth', 'headers', 'body_template', 'filter'];

function FilterFields(props: {
  draft: EndpointDraft;
  set: (change: Partial<EndpointDraft>) => void;
  problem: (field: string) => string | undefined;
}) {
  const { draft, set } = props;
  const toggle = (type: string, on: boolean) =>
    set({ types: on ? [...draft.types, type] : draft.types.filter((t) => t !== type) });
  return (
    <fieldset>
      <legend>Which decisions it wants</legend>
      <div className="checks">
        {DECISION_TYPES.map((type) => (
          <label key={type}>
            <input
              type="checkbox"
              checked={draft.types.includes(type)}
              onChange={(e) => toggle(type, e.target.checked)}
            />{' '}
            {type}
          </label>
        ))}
        <label>
          <input
            type="checkbox"
            checked={draft.upgrades}
            onChange={(e) => set({ upgrades: e.target.checked })}
          />{' '}
          upgrades
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.reversals}
            onChange={(e) => set({ reversals: e.target.checked })}
          />{' '}
          reversals
        </label>
      </div>
      {props.problem('filter.types') && <span className="field-error">{props.problem('filter.types')}</span>}
      <Field
        label="Minimum value (empty: any)"
        value={draft.minValue}
        onChange={(minValue) => set({ minValue })}
        error={props.problem('filter.min_value')}
      />
    </fieldset>
  );
}

/**
 * Creates an endpoint, or edits a saved one (`editing`): the same fields, linter and preview.
 * What was typed stays when a save is refused; an edit sends secrets only where typed (an empty
 * one keeps the stored secret, which the page never holds).
 */
export function EndpointForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing?: SavedEndpoint;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(() => (editing ? draftOf(editing) : emptyDraft(DEFAULT_TEMPLATE)));
  const set = (change: Partial<EndpointDraft>) => setDraft((d) => ({ ...d, ...change }));
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) =>
    fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.problem;
  const body = endpointBody(draft, editing?.auth.type);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const saving = editing
      ? api.patch('delivery', `/v1/endpoints/${editing.id}`, body)
      : api.post('delivery', '/v1/endpoints', body);
    // Kept as typed when refused: only a successful save clears the name and the secrets.
    saving.then(() => {
      setError(undefined);
      setDraft((d) => ({
        ...d,
        name: editing ? d.name : '',
        auth: { ...d.auth, value: '', password: '', secrets: '' },
      }));
      onSaved();
    }, setError);
  };
  return (
    <form onSubmit={submit} aria-label={editing ? `Edit endpoint ${editing.name}` : 'New endpoint'}>
      {editing && <h4>Editing {editing.name}</h4>}
      <Field label="Name" value={draft.name} onChange={(name) => set({ name })} error={problem('name')} />
      <SelectField
        label="Method"
        value={draft.method}
        onChange={(method) => set({ method })}
        options={['GET', 'POST', 'PUT']}
      />
      <TemplateEditor
        label="URL template"
        value={draft.urlTemplate}
        onChange={(urlTemplate) => set({ urlTemplate })}
        error={problem('url_template')}
      />
      {draft.method !== 'GET' && (
        <TemplateEditor
          label="Body template (JSON or form; empty: no body)"
          value={draft.bodyTemplate}
          onChange={(bodyTemplate) => set({ bodyTemplate })}
          error={problem('body_template')}
        />
      )}
      <TextArea
        label="Headers (one “Name: value” per line; macros allowed)"
        value={draft.headers}
        onChange={(headers) => set({ headers })}
        error={problem('headers')}
        rows={2}
      />
      <AuthFields
        auth={draft.auth}
        onChange={(auth) => set({ auth })}
        onType={(type: AuthType) => set({ auth: { ...draft.auth, type } })}
        problem={problem}
        keeping={editing?.auth.type}
      />
      <FilterFields draft={draft} set={set} problem={problem} />
      {(fields.length === 0 || !fields.some((f) => SHOWN.includes(f.field.split('.')[0]))) && (
        <ErrorNote error={message} />
      )}
      <RequestPreview body={editing ? previewBody(body) : body} />
      <div className="actions">
        <button type="submit">{editing ? `Save ${editing.name}` : 'Create endpoint'}</button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
