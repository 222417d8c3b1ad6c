/**
 * Money as exact decimals: strings on the wire, bigint units in arithmetic, and one rounding
 * rule everywhere: half away from zero (half up for the amounts money is; 0.125 → 0.13).
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
/** What an amount may be: at most 4 decimals (units of 1/10,000). */
const AMOUNT = /^-?\d+(?:\.\d{1,4})?$/;
const PLACES = 4;
const SCALE = 10n ** BigInt(PLACES);

/** A decimal text in units of 10^-places, rounded half away from zero; null when it is not a decimal. */
export function decimalToUnits(text: string, places: number): bigint | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const kept = fraction.slice(0, places).padEnd(places, '0');
  const roundsUp = Number(fraction[places] ?? '0') >= 5;
  const units = BigInt(whole) * 10n ** BigInt(places) + BigInt(kept || '0') + (roundsUp ? 1n : 0n);
  return sign === '-' ? -units : units;
}

/** An amount (at most 4 decimals) in units of 1/10,000; throws naming the text otherwise. */
export function toUnits(decimal: string): bigint {
  const text = decimal.trim();
  const units = AMOUNT.test(text) ? decimalToUnits(text, PLACES) : null;
  if (units === null) throw new Error(`not a decimal with at most 4 decimals: "${decimal}"`);
  return units;
}

/** Formats with at least two decimals and at most four: 125.5 → "125.50", 0.125 → "0.125". */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const fraction = (abs % SCALE)
    .toString()
    .padStart(PLACES, '0')
    .replace(/0{1,2}$/, '')
    .replace(/(\d{2})0$/, '$1');
  return `${negative ? '-' : ''}${abs / SCALE}.${fraction}`;
}

/** n / d rounded half away from zero (d > 0). */
function divideRounded(n: bigint, d: bigint): bigint {
  const magnitude = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
  return n < 0n ? -magnitude : magnitude;
}

/** share is a percentage, e.g. "25" or "12.5"; the result is rounded to 1/10,000. */
export function percentOf(decimal: string, share: string): string {
  return fromUnits(divideRounded(toUnits(decimal) * toUnits(share), 100n * SCALE));
}

export function subtract(a: string, b: string): string {
  return fromUnits(toUnits(a) - toUnits(b));
}

/** Exact comparison of two decimals, however many decimals each has: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const places = Math.max(fractionLength(a), fractionLength(b));
  const [x, y] = [a, b].map((text) => decimalToUnits(text.trim(), places));
  if (x === null || y === null) throw new Error(`not a decimal: "${x === null ? a : b}"`);
  return x === y ? 0 : x > y ? 1 : -1;
}

const fractionLength = (text: string): number => text.trim().split('.')[1]?.length ?? 0;

/** An amount in whole cents, as text ("125.5" → "12550", "0.125" → "13"); null when it is not a decimal. */
export function toCents(decimal: string): string | null {
  const cents = decimalToUnits(decimal, 2);
  return cents === null ? null : cents.toString();
}
