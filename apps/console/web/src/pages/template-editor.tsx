import { useEffect, useId, useState } from 'react';
import { api } from '../api';
import { closest } from '../suggest';

interface Lint {
  problems: { position: number; length: number; problem: string }[];
  macros: string[];
  formatters: string[];
}

/** The unknown name inside a problem: `unknown macro "cal_id"` → ['macro', 'cal_id']. */
const unknownOf = (problem: string) => /^unknown (macro|formatter) "(.*)"$/.exec(problem);

/**
 * A template field linted as the user types, by delivery's own check (`POST /v1/templates/lint`):
 * each unknown macro or formatter underlined where it stands, with the nearest known ones offered.
 */
export function TemplateEditor(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const id = useId();
  const [lint, setLint] = useState<Lint>();
  useEffect(() => {
    const timer = setTimeout(() => {
      api
        .post<Lint>('delivery', '/v1/templates/lint', { template: props.value })
        .then(setLint, () => undefined);
    }, 150);
    return () => clearTimeout(timer);
  }, [props.value]);

  const problems = lint?.problems ?? [];
  const pieces: { text: string; problem?: string }[] = [];
  let at = 0;
  for (const p of problems) {
    if (p.position < at) continue;
    pieces.push({ text: props.value.slice(at, p.position) });
    pieces.push({ text: props.value.substr(p.position, p.length), problem: p.problem });
    at = p.position + p.length;
  }
  pieces.push({ text: props.value.slice(at) });

  const replace = (p: Lint['problems'][number], from: string, to: string) => {
    const span = props.value.substr(p.position, p.length);
    props.onChange(
      props.value.slice(0, p.position) + span.replace(from, to) + props.value.slice(p.position + p.length),
    );
  };

  return (
    <div className="field template-editor">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        rows={2}
        spellCheck={false}
        value={props.value}
        aria-invalid={problems.length > 0 || !!props.error}
        aria-describedby={`${id}-lint`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <div className="lint-view" aria-hidden="true">
        {pieces.map((piece, i) =>
          piece.problem ? (
            <mark key={i} className="lint-bad" title={piece.problem}>
              {piece.text}
            </mark>
          ) : (
            <span key={i}>{piece.text}</span>
          ),
        )}
      </div>
      <div id={`${id}-lint`} aria-live="polite">
        {props.error && <span className="field-error">{props.error}</span>}
        {problems.map((p, i) => {
          const unknown = unknownOf(p.problem);
          const known = unknown?.[1] === 'macro' ? lint!.macros : lint!.formatters;
          return (
            <p key={i} className="field-error">
              Position {p.position}: {p.problem}.
              {unknown &&
                closest(unknown[2], known).map((name) => (
                  <button
                    key={name}
                    type="button"
                    className="suggestion"
                    onClick={() => replace(p, unknown[2], name)}
                  >
                    use {name}
                  </button>
                ))}
            </p>
          );
        })}
        {lint && problems.length === 0 && !props.error && <small>Template OK.</small>}
      </div>
      {lint && (
        <details>
          <summary>Known macros and formatters</summary>
          <p>
            {lint.macros.map((m) => `{${m}}`).join(' ')} · formatters: {lint.formatters.join(', ')}
          </p>
        </details>
      )}
    </div>
  );
}
