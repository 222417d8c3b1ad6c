/** Money as exact decimals: strings on the wire, bigint units of 1/10,000 in arithmetic. */
const SCALE = 10_000n;

export function toUnits(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,4}))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal with at most 4 decimals: "${decimal}"`);
  const units = BigInt(match[2]) * SCALE + BigInt((match[3] ?? '').padEnd(4, '0'));
  return match[1] === '-' ? -units : units;
}

/** Formats with at least two decimals and at most four: 125.5 → "125.50", 0.125 → "0.125". */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const fraction = (abs % SCALE)
    .toString()
    .padStart(4, '0')
    .replace(/0{1,2}$/, '')
    .replace(/(\d{2})0$/, '$1');
  return `${negative ? '-' : ''}${abs / SCALE}.${fraction}`;
}

/** share is a percentage, e.g. "25" or "12.5"; the result is rounded half up to 1/10,000. */
export function percentOf(decimal: string, share: string): string {
  const product = toUnits(decimal) * toUnits(share);
  const divisor = 100n * SCALE;
  return fromUnits((product + divisor / 2n) / divisor);
}

export function subtract(a: string, b: string): string {
  return fromUnits(toUnits(a) - toUnits(b));
}

export function compareDecimals(a: string, b: string): number {
  const diff = toUnits(a) - toUnits(b);
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
}
