import { type MacroValues } from './macros';
import { ENCODERS, type Macro, type MissingMacroPolicy, macroValue, parseValidTemplate } from './template';

/** A URL that a macro's value would change the structure of: a permanent render failure. */
export class UrlValueError extends Error {
  constructor(macro: Macro | null, problem: string) {
    super(`url_template: ${macro ? `macro "${macro.name}" at position ${macro.position} ` : ''}${problem}`);
    this.name = 'UrlValueError';
  }
}

type Region = 'host' | 'path' | 'query';
interface Span {
  start: number;
  end: number;
  macro: Macro;
}

const AUTHORITY_OPEN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*$/i;
// WHATWG URL parsing removes these segments (%2e is a dot to it), climbing out of the path.
const DOT_SEGMENT = /^(\.|%2e){1,2}$/i;

const regionOf = (soFar: string): Region =>
  /[?#]/.test(soFar) ? 'query' : AUTHORITY_OPEN.test(soFar) ? 'host' : 'path';

/**
 * Renders a URL template so that no value can change its structure: in the host a value must
 * be letters, digits and `-` (a label, never a new host); in the path each value is
 * percent-encoded (`/`, `\`, `%`, `?`, `#` and all but unreserved characters) and a value that
 * would make a segment `.` or `..` is refused; after the `?` values are query values.
 */
export function renderUrl(
  template: string,
  values: MacroValues,
  missing: MissingMacroPolicy = 'empty',
): string {
  let out = '';
  const pathSpans: Span[] = [];
  for (const part of parseValidTemplate(template)) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const region = regionOf(out);
    const value = macroValue(part.macro, values, missing);
    if (region === 'host' && !/^[A-Za-z0-9-]*$/.test(value)) {
      throw new UrlValueError(part.macro, 'stands in the host: its value must be letters, digits and "-"');
    }
    const encoded = ENCODERS[region](value);
    if (region === 'path')
      pathSpans.push({ start: out.length, end: out.length + encoded.length, macro: part.macro });
    out += encoded;
  }
  refuseDotSegments(out, pathSpans);
  if (!URL.canParse(out)) throw new UrlValueError(null, 'renders a URL that is not valid');
  return out;
}

function refuseDotSegments(url: string, spans: Span[]): void {
  if (spans.length === 0) return;
  const pathEnd = url.search(/[?#]/) < 0 ? url.length : url.search(/[?#]/);
  let start = 0;
  while (start <= pathEnd) {
    const slash = url.indexOf('/', start);
    const end = slash < 0 || slash > pathEnd ? pathEnd : slash;
    const segment = url.slice(start, end);
    const culprit = DOT_SEGMENT.test(segment) && spans.find((s) => s.start <= end && s.end >= start);
    if (culprit) {
      throw new UrlValueError(
        culprit.macro,
        `makes the path segment "${segment}", which would leave the path`,
      );
    }
    start = end + 1;
  }
}
