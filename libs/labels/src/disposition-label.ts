/**
 * A disposition label as compared everywhere: case and spacing do not distinguish labels
 * (" Qualified   LEAD " is "qualified lead"). Ingest keys sources' maps and its dedup by it,
 * rules match rules' dispositions by it: one function, so that they cannot disagree.
 */
export function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
