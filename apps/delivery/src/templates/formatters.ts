import { createHash } from 'node:crypto';
import { toCents } from '@postback/money';

export type Formatter = (value: string | null, argument: string | undefined) => string | null;

/** A value that is not a date renders as missing (then `default:` applies), never as NaN or a throw. */
const epochMs = (value: string | null): number | null => {
  const ms = value === null ? NaN : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
};

/** `{macro|name}` or `{macro|name:argument}`: small pure transformations of a macro's value. */
export const FORMATTERS: Record<string, Formatter> = {
  unix: (value) => {
    const ms = epochMs(value);
    return ms === null ? null : String(Math.floor(ms / 1000));
  },
  unix_ms: (value) => {
    const ms = epochMs(value);
    return ms === null ? null : String(ms);
  },
  iso: (value) => {
    const ms = epochMs(value);
    return ms === null ? null : new Date(ms).toISOString();
  },
  cents: (value) => (value === null ? null : (toCents(value) ?? value)),
  base64: (value) => (value === null ? null : Buffer.from(value, 'utf8').toString('base64')),
  sha256: (value) => (value === null ? null : createHash('sha256').update(value, 'utf8').digest('hex')),
  lower: (value) => value?.toLowerCase() ?? null,
  upper: (value) => value?.toUpperCase() ?? null,
  default: (value, argument) => (value === null || value === '' ? (argument ?? '') : value),
};

/** Formatters that must be given an argument (`default:…`). */
export const FORMATTERS_WITH_ARGUMENT = new Set(['default']);
