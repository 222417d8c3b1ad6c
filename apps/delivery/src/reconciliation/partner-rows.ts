import { type Readable } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import { ValidationFailedException } from '@postback/http';
import { type Columns, type MalformedRow } from './partner-row';

/** One record of the partner's report with its line, or a line that could not be parsed. */
export type RawRow = { line: number; record: Record<string, unknown> } | MalformedRow;

/**
 * A CSV report read as it streams in (csv-parse): the header names the columns, each record comes
 * with the line it ends on, and a record that does not parse (a wrong number of fields, a broken
 * quote) comes as malformed with its line while the rest goes on. A header without a mapped column
 * stops it at once, naming the parameter.
 */
export async function* csvRows(
  body: Readable,
  columns: Columns,
  names: Record<keyof Columns, string>,
): AsyncGenerator<RawRow> {
  const skipped: MalformedRow[] = [];
  const parser = body.pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) skipped.push({ line: Number(error.lines ?? 0), problem: error.message });
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
    info: { lines: number };
  }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    yield { line: info.lines, record };
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

/** A JSON report's rows, numbered from 1. */
export async function* jsonRows(rows: Record<string, unknown>[]): AsyncGenerator<RawRow> {
  for (const [i, record] of rows.entries()) yield { line: i + 1, record };
}
