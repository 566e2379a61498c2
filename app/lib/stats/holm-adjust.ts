/**
 * Holm's step-down adjustment of p-values for multiple comparisons: controls the
 * family-wise error rate like Bonferroni, uniformly more powerful. Sorted ascending,
 * p_(i) becomes max over j <= i of min(1, (m - j + 1) p_(j)); results are returned in the
 * input order (as R's p.adjust(p, "holm")).
 *
 * Reference: S. Holm (1979), "A simple sequentially rejective multiple test procedure",
 * Scandinavian Journal of Statistics 6:65-70.
 *
 * @example holmAdjust([0.01, 0.04, 0.03]) // => [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  for (const p of pValues) if (!(p >= 0 && p <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${p}`);
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
