/**
 * The design effect of clustered binary trials, 1 + (n0 - 1) max(0, ρ): the factor by which
 * the variance of a pooled rate exceeds the binomial variance when each participant's trials
 * are correlated (ρ = intra-participant correlation). n0 is the ANOVA estimator's average
 * cluster size, (M - Σ n_i²/M) / (N - 1), which is m when every participant has m trials.
 *
 * Reference: L. Kish (1965), Survey Sampling, §5.4; A. Donner & N. Klar (2000), Design and
 * Analysis of Cluster Randomization Trials, §5.2.
 *
 * @example designEffect(Int32Array.of(40, 40, 40), 0.065) // => 3.535
 */
export function designEffect(trials: Int32Array, icc: number): number {
  let total = 0;
  let squares = 0;
  for (const t of trials) {
    total += t;
    squares += t * t;
  }
  const n0 = trials.length < 2 ? total : (total - squares / total) / (trials.length - 1);
  return 1 + (n0 - 1) * Math.max(0, icc);
}
