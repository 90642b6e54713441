// The collected ids nearest to one that names nothing: what the user most likely meant.

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The `count` ids closest to `wanted`, nearest first (ties in the runner's order). */
export function closestIds(wanted: string, ids: readonly string[], count: number): string[] {
  return ids
    .map((id, order) => ({ id, order, distance: editDistance(wanted, id) }))
    .sort((x, y) => x.distance - y.distance || x.order - y.order)
    .slice(0, count)
    .map((x) => x.id);
}
