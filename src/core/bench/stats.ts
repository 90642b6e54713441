// Small statistics for the summary.
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A share as a percentage with one decimal, as the paper prints them (136/164 -> 82.9). */
export function percent(part: number, total: number): number {
  return total === 0 ? 0 : Math.round((1000 * part) / total) / 10;
}
