/**
 * ab metrics pooled over every pixel of every evaluated image, accumulated image by image
 * (nothing is kept but a few sums per class):
 *
 * - Class-rebalanced AuC (Zhang, Isola & Efros 2016, Table 1, "AuC rebal": "pixels reweighted
 *   by the inverse of the prior probability of their ground-truth colour class"). Classes are
 *   the Q = 313 in-gamut ab bins of model/color/bins.ts; a pixel's class is the bin nearest to
 *   its true ab (nearestBinLookup). The prior is the class frequency among the evaluated real
 *   pixels themselves (Zhang used ImageNet's), so the weight of a pixel of class q is
 *   1 / (C n_q), C the number of classes present, and the metric equals the mean over the
 *   present classes of each class's own AuC: 1 - mean_{p in q} min(e_p, 150) / 150, with
 *   e_p the pixel's ab error (ab-error.ts). A rare colour weighs as much as the sky's blue, so
 *   a method that paints everything one plausible colour scores low.
 * - Pearson's correlation of predicted with true a, and of predicted with true b, over all
 *   pixels (r_a, r_b) and their mean r. Undefined (null) when either side's standard deviation
 *   over all pixels is below 1e-3 ab units: a constant prediction carries no correlation.
 */
import type { AbBins } from '../color/bins';
import { nearestBinLookup } from '../color/rebalance';
import { AUC_MAX_THRESHOLD } from './ab-error';

/** Standard deviation (ab units) under which a channel counts as constant. */
export const CONSTANT_STD = 1e-3;

export interface PooledAbMetrics {
  /** Class-rebalanced AuC in [0, 1]; null before any pixel. */
  aucRebal: number | null;
  rA: number | null;
  rB: number | null;
  /** (rA + rB) / 2; null when either is. */
  r: number | null;
  pixels: number;
  /** Classes (ab bins) present among the true colours. */
  classes: number;
}

/**
 * Running co-moments of (x, y) pairs, merged image by image (Chan, Golub & LeVeque's pairwise
 * update), so that large means over millions of pixels do not cancel the variances.
 */
export class Comoments {
  n = 0;
  meanX = 0;
  meanY = 0;
  sxx = 0;
  syy = 0;
  sxy = 0;

  /** Adds the pairs (xs[offset + k*stride], ys[offset + k*stride]). */
  addStrided(xs: ArrayLike<number>, ys: ArrayLike<number>, offset: number, stride: number): void {
    const n = Math.floor((xs.length - offset + stride - 1) / stride);
    if (n <= 0) return;
    let sx = 0;
    let sy = 0;
    for (let i = offset; i < xs.length; i += stride) {
      sx += xs[i];
      sy += ys[i];
    }
    const mx = sx / n;
    const my = sy / n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = offset; i < xs.length; i += stride) {
      const dx = xs[i] - mx;
      const dy = ys[i] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    this.merge(n, mx, my, sxx, syy, sxy);
  }

  private merge(n2: number, mx2: number, my2: number, sxx2: number, syy2: number, sxy2: number): void {
    const n1 = this.n;
    const n = n1 + n2;
    const dx = mx2 - this.meanX;
    const dy = my2 - this.meanY;
    const f = (n1 * n2) / n;
    this.sxx += sxx2 + dx * dx * f;
    this.syy += syy2 + dy * dy * f;
    this.sxy += sxy2 + dx * dy * f;
    this.meanX += (dx * n2) / n;
    this.meanY += (dy * n2) / n;
    this.n = n;
  }

  /** Pearson's r, or null when either side is (nearly) constant. */
  pearson(): number | null {
    if (this.n === 0) return null;
    if (Math.sqrt(this.sxx / this.n) < CONSTANT_STD || Math.sqrt(this.syy / this.n) < CONSTANT_STD) return null;
    return Math.max(-1, Math.min(1, this.sxy / Math.sqrt(this.sxx * this.syy)));
  }
}

export class PooledAb {
  private readonly nearest: (a: number, b: number) => number;
  private readonly count: Float64Array;
  private readonly clippedErrorSum: Float64Array;
  private readonly a = new Comoments();
  private readonly b = new Comoments();
  private pixels = 0;

  constructor(bins: AbBins) {
    this.nearest = nearestBinLookup(bins);
    this.count = new Float64Array(bins.Q);
    this.clippedErrorSum = new Float64Array(bins.Q);
  }

  /** One image (or batch) as interleaved Lab arrays of the same length: true, predicted. */
  add(labTrue: ArrayLike<number>, labPred: ArrayLike<number>): void {
    if (labTrue.length !== labPred.length || labTrue.length % 3 !== 0) {
      throw new Error(`pooled ab metrics: Lab arrays must be equal and hold whole pixels; got ${labTrue.length} and ${labPred.length} values`);
    }
    for (let i = 0; i < labTrue.length; i += 3) {
      const ta = labTrue[i + 1];
      const tb = labTrue[i + 2];
      const da = ta - labPred[i + 1];
      const db = tb - labPred[i + 2];
      const q = this.nearest(ta, tb);
      this.count[q]++;
      this.clippedErrorSum[q] += Math.min(Math.sqrt(da * da + db * db), AUC_MAX_THRESHOLD);
    }
    // a is at offset 1, b at offset 2 of each Lab triple: x = true, y = predicted.
    this.a.addStrided(labTrue, labPred, 1, 3);
    this.b.addStrided(labTrue, labPred, 2, 3);
    this.pixels += labTrue.length / 3;
  }

  result(): PooledAbMetrics {
    let classes = 0;
    let aucSum = 0;
    for (let q = 0; q < this.count.length; q++) {
      if (this.count[q] === 0) continue;
      classes++;
      aucSum += 1 - this.clippedErrorSum[q] / this.count[q] / AUC_MAX_THRESHOLD;
    }
    const rA = this.a.pearson();
    const rB = this.b.pearson();
    return {
      aucRebal: classes ? aucSum / classes : null,
      rA,
      rB,
      r: rA === null || rB === null ? null : (rA + rB) / 2,
      pixels: this.pixels,
      classes,
    };
  }
}
