// Wilson and Clopper-Pearson intervals against published and independently computed values.
import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../../app/lib/stats/wilson-interval';
import { clopperPearsonInterval } from '../../../../app/lib/stats/clopper-pearson-interval';
import { standardNormalQuantile } from '../../../../app/lib/stats/standard-normal-quantile';

// Reference values computed with scipy 1.17:
//   r = scipy.stats.binomtest(k, n); r.proportion_ci(0.95, 'wilson'), r.proportion_ci(0.95, 'exact')
// [k, n, wilson lower, wilson upper, exact lower, exact upper]
const SCIPY: [number, number, number, number, number, number][] = [
  [1, 10, 0.017876213095072896, 0.4041500267952385, 0.0025285785444625728, 0.44501611702819543],
  [81, 263, 0.2552885198782742, 0.36620957698280004, 0.25273674558504267, 0.36762192260134746],
  [15, 148, 0.06238639953073629, 0.16048724172330803, 0.05784401008344801, 0.16165049034947895],
  [1, 29, 0.006113214292762667, 0.17175521879320282, 0.0008726468835971072, 0.17764429548841465],
  [13, 40, 0.20084502231782703, 0.4798225381012233, 0.18572896676295317, 0.49129487547845035],
  [517, 1600, 0.30065677405317504, 0.34644051421858457, 0.30023906444352166, 0.3466617553042399],
  [1999, 4000, 0.4842628009983862, 0.5152376787232587, 0.48413508699756447, 0.5153652785161517],
];

// R. G. Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison
// of seven methods", Statistics in Medicine 17:857-872, Table II, methods 3 (score) and 5 (exact), 4 decimals.
const NEWCOMBE: [number, number, [number, number], [number, number]][] = [
  [81, 263, [0.2553, 0.3662], [0.2527, 0.3676]],
  [15, 148, [0.0624, 0.1605], [0.0578, 0.1617]],
  [0, 20, [0, 0.1611], [0, 0.1684]],
  [1, 29, [0.0061, 0.1718], [0.0009, 0.1776]],
];

describe('wilsonInterval', () => {
  it('matches scipy', () => {
    for (const [k, n, lo, hi] of SCIPY) {
      const w = wilsonInterval(k, n);
      expect(w.lower).toBeCloseTo(lo, 12);
      expect(w.upper).toBeCloseTo(hi, 12);
    }
  });

  it("matches Newcombe's published table", () => {
    for (const [k, n, [lo, hi]] of NEWCOMBE) {
      const w = wilsonInterval(k, n);
      expect(Math.abs(w.lower - lo)).toBeLessThan(5e-5);
      expect(Math.abs(w.upper - hi)).toBeLessThan(5e-5);
    }
  });

  it('has the closed forms at k = 0 and k = n', () => {
    // k = 0: [0, z²/(n + z²)]; k = n: [n/(n + z²), 1].
    const z = 1.959963984540054;
    for (const n of [1, 10, 40, 1000]) {
      expect(wilsonInterval(0, n)).toEqual({ lower: 0, upper: expect.closeTo((z * z) / (n + z * z), 13) });
      expect(wilsonInterval(n, n)).toEqual({ lower: expect.closeTo(n / (n + z * z), 13), upper: 1 });
    }
  });

  it('uses the requested confidence (scipy, 99%)', () => {
    const w = wilsonInterval(13, 40, 0.99);
    expect(w.lower).toBeCloseTo(0.17148512426757476, 12);
    expect(w.upper).toBeCloseTo(0.5283105004600798, 12);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(5, 0)).toThrow(/n >= 1/);
    expect(() => wilsonInterval(11, 10)).toThrow(/0 <= k <= n/);
    expect(() => wilsonInterval(1, 10, 1)).toThrow(/confidence/);
  });
});

describe('clopperPearsonInterval', () => {
  it('matches scipy', () => {
    for (const [k, n, , , lo, hi] of SCIPY) {
      const c = clopperPearsonInterval(k, n);
      expect(c.lower).toBeCloseTo(lo, 11);
      expect(c.upper).toBeCloseTo(hi, 11);
    }
  });

  it("matches Newcombe's published table", () => {
    for (const [k, n, , [lo, hi]] of NEWCOMBE) {
      const c = clopperPearsonInterval(k, n);
      expect(Math.abs(c.lower - lo)).toBeLessThan(5e-5);
      expect(Math.abs(c.upper - hi)).toBeLessThan(5e-5);
    }
  });

  it('has the closed forms at k = 0, 1, n - 1 and n', () => {
    // k = 0: upper = 1 - (α/2)^(1/n). k = n: lower = (α/2)^(1/n).
    // k = 1: lower solves P(X >= 1) = 1 - (1 - p)^n = α/2, so lower = 1 - (1 - α/2)^(1/n);
    // k = n - 1: upper solves P(X <= n - 1) = 1 - p^n = α/2, so upper = (1 - α/2)^(1/n).
    for (const n of [1, 2, 10, 40, 1000]) {
      expect(clopperPearsonInterval(0, n)).toEqual({ lower: 0, upper: expect.closeTo(1 - 0.025 ** (1 / n), 12) });
      expect(clopperPearsonInterval(n, n)).toEqual({ lower: expect.closeTo(0.025 ** (1 / n), 12), upper: 1 });
      if (n > 1) {
        expect(clopperPearsonInterval(1, n).lower).toBeCloseTo(1 - 0.975 ** (1 / n), 13);
        expect(clopperPearsonInterval(n - 1, n).upper).toBeCloseTo(0.975 ** (1 / n), 12);
      }
    }
  });

  it('is wider than Wilson and contains the estimate', () => {
    for (const [k, n] of SCIPY) {
      const c = clopperPearsonInterval(k, n);
      const w = wilsonInterval(k, n);
      expect(c.lower).toBeLessThan(w.lower);
      expect(c.upper).toBeGreaterThan(w.upper);
      expect(c.lower).toBeLessThan(k / n);
      expect(c.upper).toBeGreaterThan(k / n);
    }
  });

  it('uses the requested confidence (scipy, 99%)', () => {
    const c = clopperPearsonInterval(13, 40, 0.99);
    expect(c.lower).toBeCloseTo(0.152559597696622, 11);
    expect(c.upper).toBeCloseTo(0.5399675748921813, 11);
  });
});

describe('standardNormalQuantile', () => {
  it('matches scipy.stats.norm.ppf', () => {
    const cases: [number, number][] = [
      [0.975, 1.959963984540054], [0.995, 2.5758293035489004], [0.8, 0.8416212335729143],
      [0.9, 1.2815515655446004], [1e-12, -7.034483825301131], [0.5 + 1e-9, 2.5066282037387115e-9],
    ];
    for (const [p, z] of cases) expect(standardNormalQuantile(p)).toBeCloseTo(z, 12);
    expect(standardNormalQuantile(0.5)).toBe(0);
    expect(() => standardNormalQuantile(1)).toThrow(/0 < p < 1/);
  });
});
