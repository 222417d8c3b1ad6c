import { type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { ApiError } from './api';

/** Loads on mount and on `reload()`; the error is kept to show in place. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(() => {
    load().then(
      (value) => {
        setData(value);
        setError(undefined);
      },
      (e: Error) => setError(e.message),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { data, error, reload };
}

/** A field's 400 problem, beside it (the field points at it with aria-describedby). */
function FieldProblem({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <span className="field-error" id={`${id}-error`} role="alert">
      {error}
    </span>
  );
}

/** What a field with this id and problem says to assistive technology. */
const invalidity = (id: string, error?: string) => ({
  'aria-invalid': !!error,
  'aria-describedby': error ? `${id}-error` : undefined,
});

/** A labelled input with its 400 problem shown beside it (aria-describedby). */
export function Field(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  type?: string;
  placeholder?: string;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        {...invalidity(id, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && <small>{props.hint}</small>}
      <FieldProblem id={id} error={props.error} />
    </div>
  );
}

/** A labelled textarea with its 400 problem beside it, like Field. */
export function TextArea(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  rows?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 3}
        {...invalidity(id, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldProblem id={id} error={props.error} />
    </div>
  );
}

/** A labelled select with its 400 problem beside it, like Field; options as [value, label] or value. */
export function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (string | readonly [string, string])[];
  error?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        {...invalidity(id, props.error)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((option) => {
          const [value, label] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
      <FieldProblem id={id} error={props.error} />
    </div>
  );
}

/** The options of an endpoint select: the empty choice first (`any`, `choose…`), then each by name. */
export const endpointOptions = (
  empty: string,
  endpoints: readonly { id: string; name: string }[] = [],
): (readonly [string, string])[] => [['', empty], ...endpoints.map((e) => [e.id, e.name] as const)];

/** A labelled checkbox. */
export function Check(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />{' '}
      {props.label}
    </label>
  );
}

export function ErrorNote({ error }: { error?: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true))}
      aria-live="polite"
    >
      {copied ? 'Copied' : label}
    </button>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export const time = (value: string | null | undefined): string =>
  value ? new Date(value).toLocaleString() : '—';

/** A save's field errors from its 400, or the whole message otherwise. */
export function problemsOf(error: unknown): { fields: ApiError['fields']; message?: string } {
  if (!error) return { fields: [] };
  if (error instanceof ApiError) return { fields: error.fields, message: error.message };
  return { fields: [], message: error instanceof Error ? error.message : String(error) };
}
