const SEPARATORS = /[\s().\-/]/g;

/**
 * A caller number in E.164 (`+<country code><number>`, 8 to 15 digits), or null when it
 * cannot be one. `+…` and `00…` are international; anything else is national in the default
 * country: a leading trunk `0` is dropped, and a NANP number may already carry its `1`.
 */
export function toE164(raw: string, defaultCountryCode: string): string | null {
  const text = raw.trim().replace(SEPARATORS, '');
  let digits: string;
  if (text.startsWith('+')) digits = text.slice(1);
  else if (text.startsWith('00')) digits = text.slice(2);
  else if (!/^\d+$/.test(text)) return null;
  else if (defaultCountryCode === '1' && text.length === 11 && text.startsWith('1')) digits = text;
  else digits = defaultCountryCode + text.replace(/^0/, '');
  if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
  if (digits.startsWith('1') && digits.length !== 11) return null; // NANP numbers are 1 + 10 digits
  return `+${digits}`;
}
