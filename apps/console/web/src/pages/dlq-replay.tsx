import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, SelectField, endpointOptions, problemsOf } from '../ui';
import { type EndpointName } from './deliveries';

const iso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

/** Replays an endpoint's dead-lettered deliveries in a time range, after saying how many will go. */
export function DlqReplay({ endpoints, onReplayed }: { endpoints: EndpointName[]; onReplayed: () => void }) {
  const [endpointId, setEndpointId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [pending, setPending] = useState<number>();
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<unknown>();
  const range = () => ({ endpoint_id: endpointId, from: iso(from), to: iso(to) });
  const check = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    api.get<{ count: number }>('delivery', '/v1/dlq/count', range()).then((r) => {
      setError(undefined);
      setPending(r.count);
    }, setError);
  };
  const replay = () =>
    api.post<{ replayed: number }>('delivery', '/v1/dlq/replay', range()).then((r) => {
      setPending(undefined);
      setDone(`${r.replayed} deliveries replayed.`);
      onReplayed();
    }, setError);
  const { fields } = problemsOf(error);
  return (
    <Section title="Replay the DLQ">
      <form onSubmit={check} className="filters">
        <SelectField
          label="Endpoint"
          value={endpointId}
          onChange={setEndpointId}
          options={endpointOptions('choose…', endpoints)}
          error={fields.find((f) => f.field === 'endpoint_id')?.problem}
        />
        <Field label="Failed from" type="datetime-local" value={from} onChange={setFrom} />
        <Field label="Failed before" type="datetime-local" value={to} onChange={setTo} />
        <button type="submit">Count what would be replayed</button>
      </form>
      {pending !== undefined && (
        <div className="confirm" role="alertdialog" aria-label="Confirm the replay">
          <p>
            {pending} dead-lettered {pending === 1 ? 'delivery' : 'deliveries'} will be sent again.
          </p>
          <button type="button" onClick={replay} disabled={pending === 0}>
            Replay {pending}
          </button>
          <button type="button" onClick={() => setPending(undefined)}>
            Cancel
          </button>
        </div>
      )}
      {done && <p role="status">{done}</p>}
      {!fields.length && <ErrorNote error={error} />}
    </Section>
  );
}
