/** Field and parameter names that carry a phone number (compared lower-cased, `-` as `_`). */
export const PHONE_FIELDS = new Set([
  'caller',
  'caller_number',
  'caller_id',
  'callerid',
  'caller_phone',
  'ani',
  'dnis',
  'phone',
  'phone_number',
  'phonenumber',
  'telephone',
  'tel',
  'mobile',
  'msisdn',
  'from_number',
  'to_number',
  'customer_phone',
  'contact_number',
]);

export function isPhoneField(name: string): boolean {
  return PHONE_FIELDS.has(name.trim().toLowerCase().replace(/-/g, '_'));
}

/**
 * A phone number as it may be logged: only its last two digits, enough to tell two calls
 * apart in an investigation, never enough to call anyone. Anything else becomes "***".
 */
export function maskPhone(value: unknown): string {
  if (typeof value === 'string' && /^\*\*\*(\d\d)?$/.test(value)) return value; // masked already
  const digits =
    typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '';
  return digits.length > 4 ? `***${digits.slice(-2)}` : '***';
}
