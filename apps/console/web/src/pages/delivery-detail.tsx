import { useState } from 'react';
import { api } from '../api';
import { ErrorNote, Section, time, useLoad } from '../ui';
import { type Delivery } from './deliveries';

export interface Attempt {
  attempt_no: number;
  target: string;
  method: string;
  url: string;
  request_headers: Record<string, string>;
  request_body: string | null;
  status_code: number | null;
  response_body: string;
  error: string | null;
  error_class: string | null;
  duration_ms: number;
  at: string;
}

export function AttemptList({ attempts }: { attempts: Attempt[] }) {
  return (
    <ol className="attempts">
      {attempts.map((a) => (
        <li key={a.attempt_no}>
          <p>
            <strong>Attempt {a.attempt_no}</strong> ({a.target}) at {time(a.at)}:{' '}
            {a.status_code ?? 'no answer'} in {a.duration_ms} ms{a.error_class ? ` · ${a.error_class}` : ''}
          </p>
          <details>
            <summary>Request and response</summary>
            <pre>
              {a.method} {a.url}
              {'\n'}
              {Object.entries(a.request_headers)
                .map(([k, v]) => `${k}: ${v}`)
                .join('\n')}
              {a.request_body ? `\n\n${a.request_body}` : ''}
            </pre>
            <pre>{a.error ?? a.response_body}</pre>
          </details>
        </li>
      ))}
    </ol>
  );
}

/** One delivery with every attempt (secrets redacted by delivery), and a retry when it failed. */
export function DeliveryDetail({ id, onChanged }: { id: string; onChanged: () => void }) {
  const delivery = useLoad(
    () => api.get<Delivery & { attempts: Attempt[] }>('delivery', `/v1/deliveries/${id}`),
    [id],
  );
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<unknown>();
  const d = delivery.data;
  return (
    <Section title={`Delivery ${id}`}>
      <ErrorNote error={delivery.error ?? error} />
      {d && (
        <>
          <p>
            Call <a href={`#/calls?call_id=${encodeURIComponent(d.call_id)}`}>{d.call_id}</a> · status{' '}
            <span className={`status ${d.status}`}>{d.status}</span> · {d.attempt_count} attempts
          </p>
          {d.status === 'failed' && (
            <button
              type="button"
              onClick={() =>
                api.post('delivery', `/v1/deliveries/${id}/retry`).then(() => {
                  setNote('Sent again: it is on its way.');
                  delivery.reload();
                  onChanged();
                }, setError)
              }
            >
              Retry this delivery
            </button>
          )}
          {note && <p role="status">{note}</p>}
          <AttemptList attempts={d.attempts} />
        </>
      )}
    </Section>
  );
}
