/** The stored report's differences, one per CSV line, for a spreadsheet. */
interface StoredReport {
  value_differences?: {
    key: string;
    line: number;
    delivery_id: string;
    ours: string;
    theirs: string;
    difference: string;
  }[];
  we_delivered_they_lack?: { key: string; delivery_id: string; value: string }[];
  they_have_we_never_sent?: { key: string; line: number; value: string; explanation: { reason: string } }[];
  duplicates?: {
    ours: { key: string; delivery_ids: string[] }[];
    theirs: { key: string; lines: number[] }[];
  };
  malformed?: { line: number; problem: string }[];
}

const HEADER = ['kind', 'key', 'line', 'delivery_id', 'our_value', 'their_value', 'difference', 'detail'];

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so that no spreadsheet runs it as a formula. */
function cell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function differencesCsv(report: StoredReport): string {
  const lines: (string | number | null)[][] = [HEADER];
  for (const d of report.value_differences ?? [])
    lines.push(['value_difference', d.key, d.line, d.delivery_id, d.ours, d.theirs, d.difference, null]);
  for (const d of report.we_delivered_they_lack ?? [])
    lines.push(['we_delivered_they_lack', d.key, null, d.delivery_id, d.value, null, null, null]);
  for (const d of report.they_have_we_never_sent ?? [])
    lines.push(['they_have_we_never_sent', d.key, d.line, null, null, d.value, null, d.explanation.reason]);
  for (const d of report.duplicates?.ours ?? [])
    lines.push(['duplicate_ours', d.key, null, d.delivery_ids.join(' '), null, null, null, null]);
  for (const d of report.duplicates?.theirs ?? [])
    lines.push(['duplicate_theirs', d.key, d.lines.join(' '), null, null, null, null, null]);
  for (const d of report.malformed ?? [])
    lines.push(['malformed', null, d.line, null, null, null, null, d.problem]);
  return lines.map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n';
}
