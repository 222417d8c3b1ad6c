import { type Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { ValidationFailedException } from '@postback/http';
import { type Columns, type MalformedRow } from './partner-row';

/** One record of the partner's report with its line, or a line that could not be parsed. */
export type RawRow = { line: number; record: Record<string, unknown> } | MalformedRow;

/** A record (one row, a quoted field's line breaks included) longer than this stops the report. */
export const MAX_RECORD_BYTES = 64 * 1024;

/**
 * A CSV report read as it streams in (csv-parse): the header names the columns, each record comes
 * with the line it ends on, and a record that does not parse (a wrong number of fields) comes as
 * malformed with its line while the rest goes on. A header without a mapped column stops it at
 * once, naming the parameter. So does a record over MAX_RECORD_BYTES (mostly a quote never
 * closed): csv-parse cannot go on after one, so it is refused at the line where the record began
 * rather than the rest of the upload being gathered into one field.
 */
export async function* csvRows(
  body: Readable,
  columns: Columns,
  names: Record<keyof Columns, string>,
): AsyncGenerator<RawRow> {
  const skipped: MalformedRow[] = [];
  // Where the last record read or skipped ended (the header's line before any), to say where one began.
  let ended = { lines: 1, empty_lines: 0 };
  const end = (at: typeof ended) => {
    if (at.lines > ended.lines) ended = at;
  };
  let tooLong: CsvError | null = null;
  const parser = body.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_skip: (error: CsvError | undefined) => {
        if (error?.code === 'CSV_MAX_RECORD_SIZE') tooLong = error;
        else if (error) {
          skipped.push({ line: Number(error.lines ?? 0), problem: error.message });
          end({ lines: Number(error.lines ?? 0), empty_lines: Number(error.empty_lines ?? 0) });
        }
      },
      info: true,
      columns: (header: string[]) => {
        for (const [role, column] of Object.entries(columns) as [keyof Columns, string | undefined][])
          if (column !== undefined && !header.includes(column))
            throw new ValidationFailedException([
              {
                field: names[role],
                problem: `column "${column}" is not in the header (${header.join(', ')})`,
              },
            ]);
        return header;
      },
    }),
  );
  body.on('error', (error) => parser.destroy(error));
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, unknown>;
    info: { lines: number; empty_lines: number };
  }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    end(info);
    yield { line: info.lines, record };
  }
  while (skipped.length > 0) yield skipped.shift()!;
  if (tooLong)
    throw recordTooLong(ended.lines + 1 + Number((tooLong as CsvError).empty_lines ?? 0) - ended.empty_lines);
}

const recordTooLong = (line: number) =>
  new ValidationFailedException([
    {
      field: '(body)',
      problem:
        `line ${line}: the row is longer than ${MAX_RECORD_BYTES / 1024} KiB (a quote opened there and ` +
        'never closed?); the report was read no further',
    },
  ]);

/** A JSON report's rows, numbered from 1. */
export async function* jsonRows(rows: Record<string, unknown>[]): AsyncGenerator<RawRow> {
  for (const [i, record] of rows.entries()) yield { line: i + 1, record };
}
