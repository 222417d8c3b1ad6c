/** Levenshtein distance, for "did you mean" on an unknown macro or formatter. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}

/** The known names closest to what was typed, nearest first (at most `count`). */
export function closest(typed: string, known: string[], count = 3): string[] {
  return known
    .filter((name) => !name.includes('<'))
    .map((name) => ({ name, d: distance(typed, name) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((entry) => entry.name);
}
