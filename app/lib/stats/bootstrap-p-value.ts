/**
 * Two-sided p-value of H0: rate = p0 from bootstrap replicates of the rate, by inverting the
 * percentile interval: twice the share of replicates on the far side of p0, so that
 * p < 1 - c exactly when p0 lies outside the c percentile interval (up to the +1 terms, which
 * keep it from being 0 with finitely many replicates: it is never below 1/(B + 1)). Unlike the
 * exact binomial test it respects the clustering the replicates were drawn with.
 *
 * p = min(1, (1 + 2 min(#{θ* <= p0}, #{θ* >= p0})) / (B + 1))
 *
 * Reference: A. C. Davison & D. V. Hinkley (1997), Bootstrap Methods and their Application, §4.4.
 *
 * @example bootstrapPValue(Float64Array.of(0.1, 0.2, 0.3, 0.4), 0.35) // => (1 + 2) / 5 = 0.6
 */
export function bootstrapPValue(replicates: Float64Array, p0: number): number {
  let below = 0;
  let above = 0;
  for (const x of replicates) {
    if (x <= p0) below++;
    if (x >= p0) above++;
  }
  return Math.min(1, (1 + 2 * Math.min(below, above)) / (replicates.length + 1));
}
