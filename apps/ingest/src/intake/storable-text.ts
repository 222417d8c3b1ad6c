import { isUtf8 } from 'node:buffer';
import { type FieldError } from '@postback/http';

/**
 * Text that every store downstream takes as it is: PostgreSQL refuses NUL in text and jsonb
 * and a lone UTF-16 surrogate in jsonb (rules keeps dispositions and decisions there), and
 * Avro's UTF-8 would turn a lone surrogate into U+FFFD. Null when the text is fine.
 */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  // A high surrogate not followed by a low one, or a low one not preceded by a high one.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text))
    return 'contains a lone UTF-16 surrogate (not valid Unicode text)';
  return null;
}

/** A name safe to repeat in an error message and a log line. */
export const printable = (name: string): string =>
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  name.replace(/[\u0000-\u001f\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const MAX_DEPTH = 4;

/**
 * Every string (value or object key) in an intake input that `textProblem` refuses, named by
 * its path as the client sent it (`[3].custom_fields.note`). Only the first levels are walked:
 * deeper values are not scalars and the schema refuses them anyway.
 */
export function unstorableText(input: unknown, prefix = ''): FieldError[] {
  const problems: FieldError[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) problems.push({ field: path || '(body)', problem });
      return;
    }
    if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}[${index}]`, depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      // An empty name is shown as "" so that the field is still named.
      const name = printable(key) || '""';
      const field = path ? `${path}.${name}` : name;
      const problem = textProblem(key);
      if (problem) problems.push({ field, problem: `the name ${problem}` });
      visit(item, field, depth + 1);
    }
  };
  visit(input, prefix, 0);
  return problems;
}

const ESCAPES = /(?:%[0-9a-fA-F]{2})+/g;

/**
 * Percent-escapes in a query string or form body that decode to bytes that are not UTF-8
 * (`%FF`, an encoded surrogate): the parser would keep them as literal text. A `%` that starts
 * no escape (`100%`) is left alone, as the parser leaves it.
 */
export function undecodableEscapes(urlEncoded: string, part: '(query)' | '(body)'): FieldError[] {
  const problems: FieldError[] = [];
  if (!urlEncoded.includes('%')) return problems; // no escape at all: the usual query
  for (const pair of urlEncoded.split('&')) {
    if (!pair.includes('%')) continue;
    const [rawName, rawValue = ''] = pair.split(/=(.*)/s, 2);
    const invalid = (text: string) =>
      [...text.replace(/\+/g, ' ').matchAll(ESCAPES)].some(
        ([run]) => !isUtf8(Buffer.from(run.replace(/%/g, ''), 'hex')),
      );
    const nameInvalid = invalid(rawName);
    if (!nameInvalid && !invalid(rawValue)) continue;
    const field = (!nameInvalid && printable(safeDecode(rawName))) || part;
    problems.push({ field, problem: 'has percent-escapes that are not UTF-8' });
  }
  return problems;
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
};

/** Raw body bytes that are not UTF-8: JSON.parse would silently put U+FFFD in their place. */
export function bodyEncodingProblems(raw: Buffer | undefined): FieldError[] {
  return raw && raw.length > 0 && !isUtf8(raw) ? [{ field: '(body)', problem: 'is not valid UTF-8' }] : [];
}
