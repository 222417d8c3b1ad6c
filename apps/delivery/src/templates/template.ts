import { FORMATTERS, FORMATTERS_WITH_ARGUMENT } from './formatters';
import { isKnownMacro, type MacroValues } from './macros';

export type Placement = 'host' | 'path' | 'query' | 'json' | 'form' | 'header';

export interface Macro {
  name: string;
  formatters: { name: string; argument?: string }[];
  position: number;
}

export type TemplatePart = { text: string } | { macro: Macro };

export interface TemplateProblem {
  position: number;
  problem: string;
}

const MACRO = /\{([^{}]*)\}/g;

/** Splits a template into text and macros, listing every unknown macro or formatter with its position. */
export function parseTemplate(template: string): { parts: TemplatePart[]; problems: TemplateProblem[] } {
  const parts: TemplatePart[] = [];
  const problems: TemplateProblem[] = [];
  let last = 0;
  for (const match of template.matchAll(MACRO)) {
    const position = match.index;
    if (position > last) parts.push({ text: template.slice(last, position) });
    const [name, ...formatterSpecs] = match[1].split('|').map((part) => part.trim());
    if (!isKnownMacro(name)) problems.push({ position, problem: `unknown macro "${name}"` });
    const formatters = formatterSpecs.map((spec) => {
      const colon = spec.indexOf(':');
      const formatter =
        colon < 0 ? { name: spec } : { name: spec.slice(0, colon), argument: spec.slice(colon + 1) };
      if (!(formatter.name in FORMATTERS))
        problems.push({ position, problem: `unknown formatter "${formatter.name}"` });
      else if (FORMATTERS_WITH_ARGUMENT.has(formatter.name) && formatter.argument === undefined) {
        problems.push({
          position,
          problem: `formatter "${formatter.name}" needs an argument, e.g. ${formatter.name}:0`,
        });
      }
      return formatter;
    });
    parts.push({ macro: { name, formatters, position } });
    last = position + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return { parts, problems };
}

// A surrogate without its pair cannot be percent-encoded (URIError): it becomes U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** RFC 3986 strict: everything but unreserved characters is percent-encoded. */
const strictEncode = (value: string): string =>
  encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd')).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

export const ENCODERS: Record<Placement, (value: string) => string> = {
  host: (value) => value,
  path: strictEncode,
  query: strictEncode,
  form: (value) => strictEncode(value).replace(/%20/g, '+'),
  json: (value) => JSON.stringify(value).slice(1, -1),
  // Taken as it is: a value a header cannot carry (CR, LF, another control character) fails the
  // delivery naming its macro (renderRequest), rather than reaching the receiver changed.
  header: (value) => value,
};

/** What a macro without a value becomes: empty, or the delivery fails with the macro's name. */
export type MissingMacroPolicy = 'empty' | 'fail';

export class MissingMacroError extends Error {
  constructor(macro: Macro) {
    super(`macro "${macro.name}" at position ${macro.position} has no value`);
    this.name = 'MissingMacroError';
  }
}

export function macroValue(macro: Macro, values: MacroValues, missing: MissingMacroPolicy): string {
  let value = values[macro.name] ?? null;
  for (const formatter of macro.formatters) value = FORMATTERS[formatter.name](value, formatter.argument);
  if (value === null && missing === 'fail') throw new MissingMacroError(macro);
  return value ?? '';
}

/** Renders text with each macro encoded for the place it stands in, decided from the output so far. */
export function renderTemplate(
  parts: TemplatePart[],
  values: MacroValues,
  placement: (soFar: string) => Placement,
  missing: MissingMacroPolicy = 'empty',
): string {
  let out = '';
  for (const part of parts) {
    out += 'text' in part ? part.text : ENCODERS[placement(out)](macroValue(part.macro, values, missing));
  }
  return out;
}

/** Throws when the template was not valid; endpoints are checked when saved, so this is a guard. */
export function parseValidTemplate(template: string): TemplatePart[] {
  const { parts, problems } = parseTemplate(template);
  if (problems.length > 0)
    throw new Error(`invalid template: ${problems.map((p) => `${p.problem} at ${p.position}`).join(', ')}`);
  return parts;
}
