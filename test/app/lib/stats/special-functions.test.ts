// Special functions against scipy and closed forms.
import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta } from '../../../../app/lib/stats/regularized-incomplete-beta';
import { inverseRegularizedIncompleteBeta } from '../../../../app/lib/stats/inverse-regularized-incomplete-beta';
import { standardNormalCdf } from '../../../../app/lib/stats/standard-normal-cdf';
import { lnChoose } from '../../../../app/lib/stats/ln-choose';
import { binomialProbabilities } from '../../../../app/lib/stats/binomial-probabilities';
import { hypergeometricProbabilities } from '../../../../app/lib/stats/hypergeometric-probabilities';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('regularizedIncompleteBeta', () => {
  it('matches scipy.special.betainc(a, b, x)', () => {
    const cases: [number, number, number, number][] = [
      [2.5, 7, 0.3, 0.6412224629717214],
      [100, 3, 0.9, 0.0016335260315866332],
      [0.5, 0.5, 0.01, 0.06376856085851985],
      [40, 60, 0.41, 0.5857757938009618],
      [1, 1000, 0.001, 0.6323045752290359],
    ];
    for (const [a, b, x, want] of cases) expect(relative(regularizedIncompleteBeta(x, a, b), want)).toBeLessThan(1e-12);
  });

  it('has the closed forms I_x(1, b) = 1 - (1 - x)^b and I_x(a, 1) = x^a, and I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    for (const x of [0.001, 0.2, 0.5, 0.93]) {
      for (const s of [0.5, 1, 3.5, 40]) {
        expect(regularizedIncompleteBeta(x, 1, s)).toBeCloseTo(1 - (1 - x) ** s, 14);
        expect(regularizedIncompleteBeta(x, s, 1)).toBeCloseTo(x ** s, 14);
        expect(regularizedIncompleteBeta(x, s, 2.5)).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, 2.5, s), 14);
      }
    }
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('inverseRegularizedIncompleteBeta', () => {
  it('matches scipy.special.betaincinv(a, b, p)', () => {
    const cases: [number, number, number, number][] = [
      [1, 1000, 0.025, 2.531748749129404e-5],
      [400, 800, 0.975, 0.3602514058489975],
      [3, 5, 1e-10, 0.0001419184814807252],
      [0.5, 0.5, 0.3, 0.2061073738537634],
      [13, 28, 0.025, 0.18572896676334982],
    ];
    for (const [a, b, p, want] of cases) expect(relative(inverseRegularizedIncompleteBeta(p, a, b), want)).toBeLessThan(1e-11);
  });

  it('inverts the forward function across shapes and levels', () => {
    for (const [a, b] of [[1, 1], [0.3, 4], [13, 28], [2000, 3000]]) {
      for (const p of [1e-8, 0.025, 0.5, 0.975, 1 - 1e-8]) {
        expect(regularizedIncompleteBeta(inverseRegularizedIncompleteBeta(p, a, b), a, b)).toBeCloseTo(p, 12);
      }
    }
  });
});

describe('standardNormalCdf', () => {
  it('matches scipy.stats.norm.cdf in the body and the tails', () => {
    const cases: [number, number][] = [
      [-10, 7.61985302416047e-24], [-3, 0.0013498980316300933], [0.3, 0.6179114221889526],
      [1.96, 0.9750021048517795], [5, 0.9999997133484281], [0, 0.5],
    ];
    for (const [z, want] of cases) expect(relative(standardNormalCdf(z), want)).toBeLessThan(1e-13);
  });
});

describe('discrete distributions', () => {
  it('lnChoose gives exact binomial coefficients', () => {
    expect(Math.exp(lnChoose(10, 3))).toBeCloseTo(120, 10);
    expect(Math.exp(lnChoose(40, 20))).toBeCloseTo(137846528820, -1);
    expect(lnChoose(5, 0)).toBe(0);
    expect(lnChoose(5, 6)).toBe(-Infinity);
  });

  it('binomialProbabilities agree with the exact rational values', () => {
    // Binomial(4, 1/4): (81, 108, 54, 12, 1) / 256.
    const pmf = binomialProbabilities(4, 0.25);
    [81, 108, 54, 12, 1].forEach((c, x) => expect(pmf[x]).toBeCloseTo(c / 256, 15));
    const big = binomialProbabilities(20_000, 0.323);
    // Each term carries the rounding of ln Γ(20001) ≈ 1.8e5 (about 1e-11 relative), hence 1e-10.
    expect(Math.abs(big.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-10);
    expect(Array.from(binomialProbabilities(3, 1))).toEqual([0, 0, 0, 1]);
  });

  it('hypergeometricProbabilities agree with counting', () => {
    // 2 draws from 5 items with 3 successes: P(0) = C(2,2)/C(5,2) = 1/10, P(1) = 3·2/10, P(2) = 3/10.
    const { first, pmf } = hypergeometricProbabilities(5, 3, 2);
    expect(first).toBe(0);
    [0.1, 0.6, 0.3].forEach((p, i) => expect(pmf[i]).toBeCloseTo(p, 14));
    // Support starts above 0 when draws exceed the failures: 4 draws of 5 with 3 successes -> at least 2;
    // P(2) = C(3,2) C(2,2) / C(5,4) = 3/5, P(3) = C(3,3) C(2,1) / 5 = 2/5.
    const shifted = hypergeometricProbabilities(5, 3, 4);
    expect(shifted.first).toBe(2);
    [0.6, 0.4].forEach((p, i) => expect(shifted.pmf[i]).toBeCloseTo(p, 14));
  });
});
