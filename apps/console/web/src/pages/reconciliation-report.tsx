import { type ReactNode } from 'react';
import { DataTable } from '../table';

export interface Report {
  id: string;
  rows_read: number;
  matched: number;
  value_differences: { key: string; line: number; ours: string; theirs: string; difference: string }[];
  we_delivered_they_lack: { key: string; value: string; attempts: { status_code: number | null }[] }[];
  they_have_we_never_sent: { key: string; line: number; value: string; explanation: { reason: string } }[];
  duplicates: { ours: unknown[]; theirs: { key: string; lines: number[] }[] };
  malformed: { line: number; problem: string }[];
  totals: {
    ours: { count: number; value: string };
    theirs: { count: number; rows: number; value: string };
    net_difference: string;
  };
}

function Differences(props: { title: string; head: string[]; rows: ReactNode[][] }) {
  if (props.rows.length === 0) return null;
  return (
    <DataTable columns={props.head} caption={`${props.title} (${props.rows.length})`}>
      {props.rows.map((cells, i) => (
        <tr key={i}>
          {cells.map((cell, j) => (
            <td key={j}>{cell}</td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}

/** A reconciliation's answer: the totals, each kind of difference, and the CSV of them all. */
export function ReconciliationReport({ report }: { report: Report }) {
  const { totals } = report;
  return (
    <div className="report" data-testid="reconciliation-report">
      <p role="status">
        {report.rows_read} rows read, {report.matched} matched · ours {totals.ours.count} ({totals.ours.value}
        ), theirs {totals.theirs.count} ({totals.theirs.value}), net difference {totals.net_difference}
      </p>
      <p>
        <a
          href={`api/delivery/v1/reconciliations/${report.id}/differences.csv`}
          download={`differences-${report.id}.csv`}
        >
          Download the differences (CSV)
        </a>
      </p>
      <Differences
        title="Values that differ"
        head={['Key', 'Line', 'Ours', 'Theirs', 'Difference']}
        rows={report.value_differences.map((d) => [d.key, d.line, d.ours, d.theirs, d.difference])}
      />
      <Differences
        title="We delivered, they lack"
        head={['Key', 'Value', 'Their server answered']}
        rows={report.we_delivered_they_lack.map((d) => [
          d.key,
          d.value,
          d.attempts.map((a) => a.status_code ?? 'no answer').join(', '),
        ])}
      />
      <Differences
        title="They have, we never sent"
        head={['Key', 'Line', 'Value', 'Why']}
        rows={report.they_have_we_never_sent.map((d) => [d.key, d.line, d.value, d.explanation.reason])}
      />
      <Differences
        title="Their duplicate rows"
        head={['Key', 'Lines']}
        rows={report.duplicates.theirs.map((d) => [d.key, d.lines.join(', ')])}
      />
      <Differences
        title="Rows that could not be read"
        head={['Line', 'Problem']}
        rows={report.malformed.map((m) => [m.line, m.problem])}
      />
    </div>
  );
}
