/**
 * Levenshtein distance between two strings (insertions, deletions, substitutions each cost 1).
 * Used to suggest close matches for mistyped env ids and kwargs.
 *
 * @example
 * ```ts
 * editDistance('CartPole-v2', 'CartPole-v1'); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `word` (case-insensitive edit distance), best first, keeping those
 * within `max(2, word.length / 3)` edits.
 */
export function closeMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  const threshold = Math.max(2, Math.floor(word.length / 3));
  return [...candidates]
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }))
    .filter(({ d }) => d <= threshold)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, limit)
    .map(({ c }) => c);
}
