import { readFileSync } from 'node:fs';

export type LogLine = Record<string, unknown> & { msg?: string; service?: string; trace_id?: string };

/** A service's log file: the raw text (for "never appears" checks) and its JSON lines. */
export function readServiceLog(file: string): { raw: string; lines: LogLine[] } {
  const raw = readFileSync(file, 'utf8');
  const lines = raw
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
  return { raw, lines };
}

/**
 * The log's lines once `enough` holds for them: a service writes its line just after the work
 * it reports (a postback line after the receiver answered), so the test waits for it.
 */
export async function logLinesWhen(
  file: string,
  enough: (lines: LogLine[]) => boolean,
  timeoutMs = 15_000,
): Promise<LogLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { lines } = readServiceLog(file);
    if (enough(lines) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
