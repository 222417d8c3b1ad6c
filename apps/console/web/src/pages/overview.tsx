import { useMemo } from 'react';
import { api } from '../api';
import { MinuteChart } from '../chart';
import { ErrorNote, Section, useLoad } from '../ui';
import { DataTable } from '../table';

interface DeliveryOverview {
  per_minute: { minute: string; delivered: number; retrying: number; failed: number }[];
  endpoints: {
    endpoint_id: string;
    name: string;
    delivered: number;
    failed: number;
    success_ratio: number | null;
  }[];
  dlq_size: number;
  open_circuits: { endpoint_id: string; name: string }[];
  disabled_endpoints: { endpoint_id: string; name: string; reason: string | null }[];
}
interface RulesOverview {
  per_minute: { minute: string; decisions: Record<string, number> }[];
}
/** Ingest's own count of dispositions Kafka acknowledged (rules' count is of those it processed). */
interface AcceptedMinutes {
  minutes: { minute: string; accepted: number }[];
}

const TYPES = ['conversion', 'partial', 'micro', 'service', 'none'];
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Every minute of the last hour (ISO), so that the charts show the whole window, quiet minutes as 0. */
function lastHour(): string[] {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  return Array.from({ length: 61 }, (_, i) => new Date(now - (60 - i) * 60_000).toISOString());
}

/** One value per minute of the grid from the API's sparse per-minute rows. */
function onGrid<T extends { minute: string }>(
  grid: string[],
  rows: T[],
  value: (row: T) => number,
): number[] {
  const byMinute = new Map(rows.map((row) => [new Date(row.minute).toISOString(), value(row)]));
  return grid.map((minute) => byMinute.get(minute) ?? 0);
}

/** The last hour from the services' stored data: right after a restart too. */
export function Overview() {
  const delivery = useLoad(() => api.get<DeliveryOverview>('delivery', '/v1/overview', { minutes: '60' }));
  const rules = useLoad(() => api.get<RulesOverview>('rules', '/v1/overview', { minutes: '60' }));
  const grid = useMemo(lastHour, []);
  const accepted = useLoad(() =>
    api.get<AcceptedMinutes>('ingest', '/v1/ledger/accepted/minutes', {
      from: grid[0],
      to: new Date(Date.parse(grid[grid.length - 1]) + 60_000).toISOString(),
    }),
  );
  const charts = useMemo(() => {
    const r = rules.data?.per_minute ?? [];
    const d = delivery.data?.per_minute ?? [];
    const a = accepted.data?.minutes ?? [];
    return {
      rules: {
        minutes: grid,
        series: [
          { label: 'accepted', values: onGrid(grid, a, (m) => m.accepted) },
          ...TYPES.map((t) => ({ label: t, values: onGrid(grid, r, (m) => m.decisions[t] ?? 0) })),
        ],
      },
      delivery: {
        minutes: grid,
        series: (['delivered', 'retrying', 'failed'] as const).map((k) => ({
          label: k,
          values: onGrid(grid, d, (m) => m[k]),
        })),
      },
    };
  }, [grid, accepted.data, rules.data, delivery.data]);
  const d = delivery.data;
  return (
    <>
      <ErrorNote error={delivery.error ?? rules.error ?? accepted.error} />
      <div className="tiles">
        {[
          ['Dispositions accepted', sum(charts.rules.series[0].values)],
          ['Decisions', sum(charts.rules.series.slice(1).flatMap((s) => s.values))],
          ['Delivered', sum(charts.delivery.series[0].values)],
          ['Failed to the DLQ', sum(charts.delivery.series[2].values)],
          ['DLQ size', d?.dlq_size ?? '…'],
          ['Open circuits', d?.open_circuits.length ?? '…'],
          ['Disabled endpoints', d?.disabled_endpoints.length ?? '…'],
        ].map(([label, value]) => (
          <div className="tile" key={label}>
            <span>{label}</span>
            <strong data-testid={`tile-${label}`}>{value}</strong>
          </div>
        ))}
      </div>
      <Section title="Dispositions and decisions per minute (last hour)">
        <MinuteChart title="Accepted and decided, by type" {...charts.rules} />
      </Section>
      <Section title="Postbacks per minute (last hour)">
        <MinuteChart title="Delivered, retrying, failed" {...charts.delivery} />
      </Section>
      <Section title="Success ratio per endpoint (last hour)">
        <DataTable columns={['Endpoint', 'Delivered', 'Failed', 'Success']}>
          {(d?.endpoints ?? []).map((e) => (
            <tr key={e.endpoint_id}>
              <td>{e.name}</td>
              <td>{e.delivered}</td>
              <td>{e.failed}</td>
              <td>{e.success_ratio === null ? '—' : `${(e.success_ratio * 100).toFixed(1)} %`}</td>
            </tr>
          ))}
        </DataTable>
      </Section>
      {d && (d.open_circuits.length > 0 || d.disabled_endpoints.length > 0) && (
        <Section title="Needs attention">
          <ul>
            {d.open_circuits.map((c) => (
              <li key={c.endpoint_id}>Circuit open: {c.name}</li>
            ))}
            {d.disabled_endpoints.map((e) => (
              <li key={e.endpoint_id}>
                Disabled: {e.name} ({e.reason ?? 'no reason'}) —{' '}
                <a href="#/endpoints">enable it on Endpoints</a>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
