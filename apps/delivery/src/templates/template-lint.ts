import { FORMATTERS } from './formatters';
import { MACRO_NAMES } from './macros';
import { parseTemplate } from './template';

export interface TemplateLint {
  /** Each problem with the span of its macro (`{…}`), so an editor can underline it. */
  problems: { position: number; length: number; problem: string }[];
  macros: string[];
  formatters: string[];
}

/** The save-time check of a template, for an editor that lints as the user types. */
export function lintTemplate(template: string): TemplateLint {
  const { problems } = parseTemplate(template);
  return {
    problems: problems.map(({ position, problem }) => {
      const end = template.indexOf('}', position);
      return { position, length: (end < 0 ? template.length : end + 1) - position, problem };
    }),
    macros: [...MACRO_NAMES, 'custom.<name>'],
    formatters: Object.keys(FORMATTERS),
  };
}
