import { ValidationFailedException } from '@postback/http';
import { toUnits } from '@postback/money';

/** Which of the partner's columns hold the key (call id or click id), the value and the time. */
export interface Columns {
  id: string;
  value: string;
  time?: string;
}

export interface PartnerRow {
  line: number;
  key: string;
  value: bigint;
  time: Date | null;
}

/** A row that could not be read, with its line (CSV) or position (JSON, from 1) and why. */
export interface MalformedRow {
  line: number;
  problem: string;
}

const DECIMAL = /^-?\d+(\.\d{1,4})?$/;

/** One record of the partner's report, read through the column mapping, or why it cannot be. */
export function readPartnerRow(
  record: Record<string, unknown>,
  columns: Columns,
  line: number,
): PartnerRow | MalformedRow {
  const text = (column: string) => {
    const value = record[column];
    return typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  };
  const key = text(columns.id);
  if (key === '') return { line, problem: `${columns.id}: is empty` };
  const value = text(columns.value);
  if (!DECIMAL.test(value))
    return {
      line,
      problem: `${columns.value}: ${value === '' ? 'is empty' : `"${value}" is not a decimal number (at most 4 decimals)`}`,
    };
  let time: Date | null = null;
  if (columns.time !== undefined && text(columns.time) !== '') {
    const raw = text(columns.time);
    time = /^\d{9,13}$/.test(raw) ? new Date(Number(raw) * (raw.length > 11 ? 1 : 1000)) : new Date(raw);
    if (Number.isNaN(time.getTime())) return { line, problem: `${columns.time}: "${raw}" is not a time` };
  }
  return { line, key, value: toUnits(value), time };
}

/** What one report may hold: every key is kept in memory until the report is compared. */
export const REPORT_LIMITS = { rows: 1_000_000, keys: 500_000 };

/** The partner's side, gathered row by row: each key's first row, its other lines, and the malformed rows. */
export class PartnerReport {
  readonly keys = new Map<string, { line: number; value: bigint; lines: number[] }>();
  readonly malformed: MalformedRow[] = [];
  rowsRead = 0;
  rows = 0;
  value = 0n;

  constructor(private readonly limits = REPORT_LIMITS) {}

  add(row: PartnerRow | MalformedRow): void {
    if (this.rowsRead >= this.limits.rows)
      throw tooMany(`has more than ${this.limits.rows.toLocaleString('en')} rows`);
    this.rowsRead++;
    if (!('key' in row)) {
      this.malformed.push(row);
      return;
    }
    this.rows++;
    this.value += row.value;
    const seen = this.keys.get(row.key);
    if (seen) seen.lines.push(row.line);
    else if (this.keys.size >= this.limits.keys)
      throw tooMany(`has more than ${this.limits.keys.toLocaleString('en')} distinct keys`);
    else this.keys.set(row.key, { line: row.line, value: row.value, lines: [row.line] });
  }
}

const tooMany = (problem: string) =>
  new ValidationFailedException([
    { field: '(body)', problem: `${problem}; split the report into shorter ranges` },
  ]);
