/**
 * What Node's HTTP client refuses in a header value (ERR_INVALID_CHAR): control characters
 * other than tab, and anything above U+00FF. Found at render time, it is a permanent failure
 * that names the header; sent, it would fail on every retry and count toward the circuit.
 */
const INVALID = /[^\t\u0020-\u007e\u0080-\u00ff]/u;

export function headerValueProblem(value: string): string | null {
  const found = INVALID.exec(value)?.[0];
  if (found === undefined) return null;
  const code = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return found.codePointAt(0)! < 0x100
    ? `value contains a control character (${code})`
    : `value contains a character outside Latin-1 (${code}); use a formatter such as base64`;
}

export class HeaderValueError extends Error {
  constructor(name: string, problem: string) {
    super(`header ${name}: ${problem}`);
    this.name = 'HeaderValueError';
  }
}
