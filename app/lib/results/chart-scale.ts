/**
 * The fooling-rate axis: from 0 to a round tenth that leaves room for every interval and
 * both reference lines (Zhang's 32.3% and the 50% of chance), never past 100%.
 */
export function chartMax(values: readonly number[], references: readonly number[]): number {
  const top = Math.max(0, ...values, ...references);
  // A margin of 2 points so an interval does not end on the frame; at least 60%, so the
  // 50% line never sits at the edge.
  return Math.min(1, Math.max(0.6, Math.ceil((top + 0.02) * 10 - 1e-9) / 10));
}

/** Tick positions every tenth from 0 to max inclusive. */
export function chartTicks(max: number): number[] {
  return Array.from({ length: Math.round(max * 10) + 1 }, (_, i) => i / 10);
}
