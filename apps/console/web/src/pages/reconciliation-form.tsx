import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, SelectField, endpointOptions, problemsOf, useLoad } from '../ui';
import { lastHours } from './ledger-table';
import { ReconciliationReport, type Report } from './reconciliation-report';

/** Fields this form shows a problem beside; any other problem is shown under it. */
const SHOWN = ['endpoint_id', 'from', 'to', 'key', 'id_column', 'value_column', 'time_column', 'tolerance'];

/**
 * Delivery's `POST /v1/reconciliations` with the partner's CSV streamed as the body and the column
 * mapping in the query string; the report and its differences, and their CSV export.
 */
export function ReconciliationForm() {
  const endpoints = useLoad(() =>
    api.get<{ items: { id: string; name: string }[] }>('delivery', '/v1/endpoints'),
  );
  const [params, setParams] = useState(() => ({
    endpoint_id: '',
    ...lastHours(24),
    key: 'call_id',
    id_column: '',
    value_column: 'value',
    time_column: '',
    tolerance: '0.00',
  }));
  const set = (name: keyof typeof params) => (value: string) => setParams((p) => ({ ...p, [name]: value }));
  const [file, setFile] = useState<File>();
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field === field)?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError(new Error('Choose the partner’s CSV report first'));
      return;
    }
    api.upload<Report>('delivery', '/v1/reconciliations', params, file, 'text/csv').then((answer) => {
      setError(undefined);
      setReport(answer);
    }, setError);
  };
  return (
    <Section title="Reconcile a partner's report">
      <form onSubmit={submit} aria-label="Reconciliation">
        <div className="filters">
          <SelectField
            label="Endpoint"
            value={params.endpoint_id}
            onChange={set('endpoint_id')}
            options={endpointOptions('choose…', endpoints.data?.items)}
            error={problem('endpoint_id')}
          />
          <Field label="Deliveries from" value={params.from} onChange={set('from')} error={problem('from')} />
          <Field label="Deliveries to" value={params.to} onChange={set('to')} error={problem('to')} />
          <SelectField
            label="Their id column holds"
            value={params.key}
            onChange={set('key')}
            options={[
              ['call_id', 'call ids'],
              ['click_id', 'click ids'],
            ]}
          />
        </div>
        <div className="filters">
          <Field
            label="Id column (empty: the key's name)"
            value={params.id_column}
            onChange={set('id_column')}
            error={problem('id_column')}
          />
          <Field
            label="Value column"
            value={params.value_column}
            onChange={set('value_column')}
            error={problem('value_column')}
          />
          <Field
            label="Time column (optional)"
            value={params.time_column}
            onChange={set('time_column')}
            error={problem('time_column')}
          />
          <Field
            label="Tolerance"
            value={params.tolerance}
            onChange={set('tolerance')}
            error={problem('tolerance')}
          />
        </div>
        <div className="field">
          <label htmlFor="reconcile-file">Partner's report (CSV with a header line)</label>
          <input
            id="reconcile-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </div>
        {!fields.some((f) => SHOWN.includes(f.field)) && <ErrorNote error={message} />}
        <button type="submit">Reconcile</button>
      </form>
      {report && <ReconciliationReport report={report} />}
    </Section>
  );
}
