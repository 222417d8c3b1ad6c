import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, problemsOf, useLoad } from '../ui';
import { DataTable } from '../table';

interface LedgerHour {
  hour: string;
  accepted: number;
  decided: number;
  decisions: number;
  deliveries: { created: number; delivered: number; retrying: number; failed: number };
  gaps: { undecided: number; unfinished: number };
}

/** [from, to) of the last `hours` whole hours and the current one, as ISO times. */
export function lastHours(hours: number): { from: string; to: string } {
  const next = Math.floor(Date.now() / 3_600_000 + 1) * 3_600_000;
  return { from: new Date(next - (hours + 1) * 3_600_000).toISOString(), to: new Date(next).toISOString() };
}

const COLUMNS = [
  'Accepted',
  'Decided',
  'Decisions',
  'Created',
  'Delivered',
  'Retrying',
  'Failed',
  'Undecided',
  'Unfinished',
];

/** Delivery's `GET /v1/ledger`: each stage per hour, from each service's own records, with the gaps. */
export function LedgerTable() {
  const [range, setRange] = useState(() => lastHours(6));
  const [shown, setShown] = useState(range);
  const ledger = useLoad(() => api.get<{ hours: LedgerHour[] }>('delivery', '/v1/ledger', shown), [shown]);
  const { fields } = problemsOf(ledger.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShown({ ...range });
  };
  return (
    <Section title="Pipeline ledger per hour">
      <form className="filters" onSubmit={submit} aria-label="Ledger range">
        <Field
          label="Ledger from"
          value={range.from}
          onChange={(from) => setRange((r) => ({ ...r, from }))}
        />
        <Field label="Ledger to" value={range.to} onChange={(to) => setRange((r) => ({ ...r, to }))} />
        <button type="submit">Show the ledger</button>
      </form>
      {fields.length === 0 && <ErrorNote error={ledger.error} />}
      <DataTable
        columns={['Hour', ...COLUMNS]}
        caption="Dispositions and postbacks per hour (UTC hours, local time shown)"
      >
        {(ledger.data?.hours ?? []).map((h) => (
          <tr key={h.hour} data-testid="ledger-hour">
            <th scope="row">{new Date(h.hour).toLocaleString()}</th>
            {[
              h.accepted,
              h.decided,
              h.decisions,
              h.deliveries.created,
              h.deliveries.delivered,
              h.deliveries.retrying,
              h.deliveries.failed,
              h.gaps.undecided,
              h.gaps.unfinished,
            ].map((n, i) => (
              <td key={i}>{n}</td>
            ))}
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}
