import { normaliseLabel } from '@postback/labels';

/** A source's own labels → canonical dispositions, keyed by normalised label. */
export type DispositionMap = Record<string, string>;

/** The map as stored: keys normalised, so that a lookup is one property read. */
export function normaliseMap(map: Record<string, string>): DispositionMap {
  return Object.fromEntries(
    Object.entries(map).map(([label, canonical]) => [normaliseLabel(label), canonical.trim()]),
  );
}

/** The canonical disposition for a raw label; an unknown label is kept as-is and flagged. */
export function mapDisposition(map: DispositionMap, raw: string): { disposition: string; mapped: boolean } {
  const canonical = Object.hasOwn(map, normaliseLabel(raw)) ? map[normaliseLabel(raw)] : undefined;
  return canonical === undefined
    ? { disposition: raw, mapped: false }
    : { disposition: canonical, mapped: true };
}
