/**
 * The fooling-rate axis: from 0 to a round tenth that leaves room for every interval and
 * both reference lines (Zhang's 32.3% and the 50% of chance), never past 100%.
 */
export function chartMax(values: readonly number[], references: readonly number[]): number {
  const top = Math.max(0.6, ...values, ...references);
  // A small margin so an interval ending exactly on a tick does not touch the frame.
  return Math.min(1, Math.ceil((top + 0.02) * 10 - 1e-9) / 10);
}

/** Tick positions every tenth from 0 to max inclusive. */
export function chartTicks(max: number): number[] {
  return Array.from({ length: Math.round(max * 10) + 1 }, (_, i) => i / 10);
}
