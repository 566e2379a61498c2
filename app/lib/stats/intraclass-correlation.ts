/**
 * Intra-participant correlation of binary responses, by the one-way ANOVA estimator for
 * unequal cluster sizes: how much more alike two trials of one participant are than two
 * trials of different participants. It sets the design effect 1 + (m - 1) ρ, the factor by
 * which clustering inflates the variance of a fooling rate over m trials per participant.
 *
 * With N participants, n_i trials and k_i fooled each, M = Σ n_i:
 * MSB = (Σ k_i²/n_i - (Σ k_i)²/M) / (N - 1), MSW = (Σ k_i - Σ k_i²/n_i) / (M - N),
 * n0 = (M - Σ n_i²/M) / (N - 1), ρ = (MSB - MSW) / (MSB + (n0 - 1) MSW).
 * It can come out negative (participants more alike than chance would make them differ);
 * callers clamp it at 0 for planning.
 *
 * Reference: M. S. Ridout, C. G. B. Demétrio & D. Firth (1999), "Estimating intraclass correlation for
 * binary data", Biometrics 55:137-148 (the "ANOVA" estimator); A. Donner (1986), Int. Stat. Rev. 54:67-82.
 *
 * Returns null when it is undefined (fewer than 2 participants, no within-participant
 * degrees of freedom, or every response the same).
 */
export function intraclassCorrelation(trials: Int32Array, fooled: Int32Array): number | null {
  const n = trials.length;
  let total = 0;
  let totalFooled = 0;
  let sumSquaresOverN = 0;
  let sumNSquared = 0;
  for (let i = 0; i < n; i++) {
    total += trials[i];
    totalFooled += fooled[i];
    sumSquaresOverN += (fooled[i] * fooled[i]) / trials[i];
    sumNSquared += trials[i] * trials[i];
  }
  if (n < 2 || total <= n) return null;
  const msb = (sumSquaresOverN - (totalFooled * totalFooled) / total) / (n - 1);
  const msw = (totalFooled - sumSquaresOverN) / (total - n);
  const n0 = (total - sumNSquared / total) / (n - 1);
  const denominator = msb + (n0 - 1) * msw;
  if (!(denominator > 0)) return null;
  return (msb - msw) / denominator;
}
