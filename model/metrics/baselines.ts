/**
 * The two trivial "colorizations" every evaluation is read against, made from the real photo
 * itself: its L with ab = 0 (`grayscale`) and its L with one constant ab for every pixel
 * (`constant`: by default the mean ab over all pixels of all evaluated real photos, or one
 * the caller gives, e.g. the mean ab of a model's colour prior). A method that does not beat
 * them on the ab metrics has learnt no colour from the content; a tint can still beat plain
 * AuC, which is why the rebalanced AuC and the correlations sit beside it.
 */
import { labToSrgbArray } from '../color/lab-math';
import type { AbBins } from '../color/bins';
import type { RgbImage } from '../image/rgb-image';

export const BASELINES = ['grayscale', 'constant'] as const;
export type BaselineName = (typeof BASELINES)[number];

export interface ConstantAb {
  a: number;
  b: number;
  /** Where the value comes from, recorded with the results ("mean ab of the real photos", "prior of model X"). */
  source: string;
}

/**
 * The real photo's L with the given ab at every pixel, converted to sRGB, clipped and rounded
 * to 8 bits as a colorization written to a file would be.
 */
export function baselineImage(labReal: Float32Array, width: number, height: number, a: number, b: number, eightBit = true): RgbImage {
  if (labReal.length !== 3 * width * height) throw new Error(`baselineImage: expected ${width} x ${height} Lab pixels, got ${labReal.length / 3}`);
  const lab = Float32Array.from(labReal);
  for (let i = 0; i < lab.length; i += 3) {
    lab[i + 1] = a;
    lab[i + 2] = b;
  }
  const data = labToSrgbArray(lab);
  for (let i = 0; i < data.length; i++) {
    const v = Math.min(1, Math.max(0, data[i]));
    data[i] = eightBit ? Math.round(v * 255) / 255 : v;
  }
  return { width, height, data };
}

/** Running mean of the (a, b) of interleaved Lab pixels. */
export class MeanAb {
  private sumA = 0;
  private sumB = 0;
  private n = 0;

  add(lab: ArrayLike<number>): void {
    // Per-image partial sums keep the rounding error of millions of pixels small.
    let sa = 0;
    let sb = 0;
    for (let i = 0; i < lab.length; i += 3) {
      sa += lab[i + 1];
      sb += lab[i + 2];
    }
    this.sumA += sa;
    this.sumB += sb;
    this.n += lab.length / 3;
  }

  get pixels(): number {
    return this.n;
  }

  value(): { a: number; b: number } {
    if (this.n === 0) throw new Error('mean ab of no pixels');
    return { a: this.sumA / this.n, b: this.sumB / this.n };
  }
}

/** Mean ab of a distribution over the ab bins (e.g. a training run's empirical prior p). */
export function meanAbOfDistribution(p: ArrayLike<number>, bins: AbBins): { a: number; b: number } {
  if (p.length !== bins.Q) throw new Error(`a distribution over the ab bins must have ${bins.Q} values, got ${p.length}`);
  let total = 0;
  let a = 0;
  let b = 0;
  for (let q = 0; q < bins.Q; q++) {
    total += p[q];
    a += p[q] * bins.centers[2 * q];
    b += p[q] * bins.centers[2 * q + 1];
  }
  if (!(total > 0)) throw new Error('the ab distribution is empty');
  return { a: a / total, b: b / total };
}
