import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, SelectField, endpointOptions, time, useLoad } from '../ui';
import { DataTable } from '../table';
import { DeliveryDetail } from './delivery-detail';
import { DlqReplay } from './dlq-replay';

export interface Delivery {
  id: string;
  status: string;
  attempt_count: number;
  endpoint_id: string;
  call_id: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
}
export interface EndpointName {
  id: string;
  name: string;
}

/** `<input type=datetime-local>` (local time) → ISO-8601 with a zone, as the API wants. */
const iso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

export function Deliveries({ params }: { params: URLSearchParams }) {
  const [callId, setCallId] = useState(params.get('call_id') ?? '');
  const [endpointId, setEndpointId] = useState(params.get('endpoint_id') ?? '');
  const [status, setStatus] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<string>();
  const endpoints = useLoad(() => api.get<{ items: EndpointName[] }>('delivery', '/v1/endpoints'));
  const query = () => ({ call_id: callId, endpoint_id: endpointId, status, from: iso(from), to: iso(to) });
  const deliveries = useLoad(() => api.get<{ items: Delivery[] }>('delivery', '/v1/deliveries', query()));
  const names = new Map((endpoints.data?.items ?? []).map((e) => [e.id, e.name]));
  const search = (event: FormEvent) => {
    event.preventDefault();
    deliveries.reload();
  };
  return (
    <>
      <Section title="Search">
        <form onSubmit={search} className="filters">
          <Field label="Call id" value={callId} onChange={setCallId} />
          <SelectField
            label="Endpoint"
            value={endpointId}
            onChange={setEndpointId}
            options={endpointOptions('any', endpoints.data?.items)}
          />
          <SelectField
            label="Status"
            value={status}
            onChange={setStatus}
            options={[['', 'any'], 'pending', 'retrying', 'delivered', 'failed']}
          />
          <Field label="From" type="datetime-local" value={from} onChange={setFrom} />
          <Field label="To" type="datetime-local" value={to} onChange={setTo} />
          <button type="submit">Search</button>
          <button type="button" onClick={deliveries.reload}>
            Refresh
          </button>
        </form>
      </Section>
      <Section title="Deliveries">
        <ErrorNote error={deliveries.error} />
        <DataTable columns={['Created', 'Call', 'Endpoint', 'Status', 'Attempts', 'Last answer']}>
          {(deliveries.data?.items ?? []).map((d) => (
            <tr key={d.id} className={d.id === selected ? 'selected' : undefined}>
              <td>{time(d.created_at)}</td>
              <td>
                <a href={`#/calls?call_id=${encodeURIComponent(d.call_id)}`}>{d.call_id}</a>
              </td>
              <td>{names.get(d.endpoint_id) ?? d.endpoint_id}</td>
              <td>
                <button type="button" className="link" onClick={() => setSelected(d.id)}>
                  <span className={`status ${d.status}`}>{d.status}</span>
                </button>
              </td>
              <td>{d.attempt_count}</td>
              <td>{d.last_error ?? d.last_status_code ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
        {deliveries.data?.items.length === 0 && <p>No deliveries match.</p>}
      </Section>
      {selected && <DeliveryDetail id={selected} onChanged={deliveries.reload} />}
      <DlqReplay endpoints={endpoints.data?.items ?? []} onReplayed={deliveries.reload} />
    </>
  );
}
