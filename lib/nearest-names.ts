/** "Did you mean …": the known names closest to a misspelt one (edit distance, case-insensitive). */

/** Levenshtein distance with an early exit once every path exceeds `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      best = Math.min(best, row[j]!);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Up to `limit` names within a third of the word's length (at least 2 edits), nearest first; names that contain
 * the word or are contained in it (`impression_dt` → `impression_dt_utc`) count as near too.
 */
export function nearestNames(word: string, names: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  const max = Math.max(2, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = name.toLowerCase();
    if (n === w) continue;
    const d = distance(w, n, max);
    const contains = w.length >= 4 && (n.includes(w) || w.includes(n));
    if (d <= max || contains) scored.push({ name, score: d <= max ? d : max + Math.abs(n.length - w.length) / 10 });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((s) => s.name);
}
