import { isPhoneField, maskPhone } from './mask-phone';

/** Deep enough for a disposition's custom_fields inside an event inside a batch; deeper is left as is. */
const MAX_DEPTH = 8;

/**
 * A log object with every phone-like field masked, at any depth up to MAX_DEPTH, inside arrays too,
 * whatever the case of its name (`ANI`, `CallerID`, `caller-number`). Copy on write: the caller's
 * object is never changed and, when nothing matches, is returned as it is (no allocation; this runs
 * for every log line). Only plain objects and arrays are walked: errors, requests and buffers go to
 * their serializers untouched.
 */
export function maskPhoneFields<T>(value: T, depth = 0): T {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const masked = maskPhoneFields(item, depth + 1);
      if (masked !== item) (copy ??= value.slice())[index] = masked;
    }
    return (copy ?? value) as T;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const masked =
      item !== undefined && item !== null && isPhoneField(key)
        ? maskPhone(item)
        : maskPhoneFields(item, depth + 1);
    if (masked !== item) (copy ??= { ...record })[key] = masked;
  }
  return (copy ?? value) as T;
}
