/**
 * What a header value cannot carry as it is: control characters other than tab (Node refuses
 * them, ERR_INVALID_CHAR) and anything outside ASCII — Node writes a string header as UTF-8
 * bytes, which receivers read as Latin-1 (RFC 9110), so even `é` would arrive changed (the
 * hostile-values property saw `José` arrive as `JosÃ©`). Found at render time, it is a
 * permanent failure that names the header and macro; sent, it would arrive wrong or fail on
 * every retry and count toward the circuit.
 */
const INVALID = /[^\t\u0020-\u007e]/u;

export function headerValueProblem(value: string): string | null {
  const found = INVALID.exec(value)?.[0];
  if (found === undefined) return null;
  const point = found.codePointAt(0)!;
  const code = `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
  return point < 0x20 || (point >= 0x7f && point < 0xa0)
    ? `value contains a control character (${code})`
    : `value contains a character outside ASCII (${code}); use a formatter such as base64`;
}

export class HeaderValueError extends Error {
  constructor(name: string, problem: string, macro?: string) {
    super(`header ${name}: ${macro ? `macro "${macro}" ` : ''}${problem}`);
    this.name = 'HeaderValueError';
  }
}
