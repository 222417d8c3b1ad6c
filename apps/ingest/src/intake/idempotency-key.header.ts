import { ValidationFailedException } from '@postback/http';

/** The `Idempotency-Key` header, checked: printable ASCII, 1–255 characters. */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw new ValidationFailedException([
      { field: 'Idempotency-Key', problem: 'must be 1 to 255 printable ASCII characters without spaces' },
    ]);
  }
  return value;
}
