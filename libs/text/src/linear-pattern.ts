import { RE2JS } from 're2js';

/**
 * Regular expressions that admins write (rule conditions, success body patterns) run on text
 * that dialers and receivers control, so they run in RE2 (re2js, a pure-JS port): time linear
 * in the text whatever the pattern, so no pattern can stall rules or delivery. RE2 has no
 * lookaround or backreferences; a pattern it cannot compile is refused when saved.
 */
const compiled = new Map<string, RE2JS | null>();
const CACHE_LIMIT = 1000;

function compile(pattern: string): RE2JS | null {
  if (compiled.has(pattern)) return compiled.get(pattern)!;
  let regex: RE2JS | null;
  try {
    regex = RE2JS.compile(pattern);
  } catch {
    regex = null;
  }
  if (compiled.size >= CACHE_LIMIT) compiled.clear();
  compiled.set(pattern, regex);
  return regex;
}

/** Why RE2 cannot compile the pattern, or null when it can. */
export function patternProblem(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^error parsing regexp: /, '');
  }
}

/** Whether the pattern matches anywhere in the text (like RegExp.test); false if it cannot compile. */
export function matchesPattern(pattern: string, text: string): boolean {
  return compile(pattern)?.matcher(text).find() ?? false;
}
