// Coverage of the cluster bootstrap's 95% percentile interval in simulated studies with known truth.
import { describe, expect, it } from 'vitest';
import { deriveSeed, seededRandom } from '../../../../app/lib/random';
import { bootstrapSummary } from '../../../../app/lib/stats/bootstrap-summary';
import { clusterBootstrap } from '../../../../app/lib/stats/cluster-bootstrap';
import { randomBeta } from '../../../../app/lib/stats/random-beta';
import { randomBinomial } from '../../../../app/lib/stats/random-binomial';

describe('cluster bootstrap coverage', () => {
  it('covers the true fooling rate in about 95% of simulated studies with participant random effects', () => {
    // Each study: 40 participants x 30 trials; participant i fools with p_i ~ Beta(mean 0.3, ICC 0.2),
    // so the true (population) fooling rate is 0.3 and trials within a participant are correlated.
    const truth = 0.3;
    const icc = 0.2;
    const scale = 1 / icc - 1;
    const replications = 200;
    let covered = 0;
    for (let r = 0; r < replications; r++) {
      const random = seededRandom(deriveSeed(2024, 'coverage', r));
      const trials = new Int32Array(40).fill(30);
      const fooled = trials.map((m) => randomBinomial(m, randomBeta(truth * scale, (1 - truth) * scale, random), random));
      const ci = bootstrapSummary(clusterBootstrap(trials, fooled, 1000, random));
      if (ci.lower <= truth && truth <= ci.upper) covered++;
    }
    const coverage = covered / replications;
    // With 200 replications the coverage estimate has a binomial SE of √(0.95 · 0.05 / 200) = 0.0154:
    // accept 0.95 ± 3 SE. (Two effects nearly cancel here: the two-stage bootstrap counts
    // within-participant noise twice, making its SE about 6% too large for these parameters, and
    // percentile intervals from 40 clusters undercover slightly; 3 x 1000 replications with other
    // seeds gave 0.951, 0.941, 0.948.)
    const se = Math.sqrt((0.95 * 0.05) / replications);
    expect(coverage).toBeGreaterThanOrEqual(0.95 - 3 * se);
    expect(coverage).toBeLessThanOrEqual(0.95 + 3 * se);
  });
});
