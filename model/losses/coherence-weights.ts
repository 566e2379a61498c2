/**
 * Per-pixel weights for `coherent-rebal`, the seed's two proposed fixes (Sec. 5 and 6):
 *
 * 1. Gradient-magnitude rebalancing: "measuring the empirical distribution of gradient
 *    sizes across all images ... increase the impact of mispredictions in areas with rare
 *    image gradient sizes". The magnitude at a pixel is ||ΔY_h,w||_2 of the ground truth
 *    (the 4-vector of L_C, in ab units); it falls in one of the bins [e_i, e_i+1) given by
 *    `gradientBins` (the last bin open); the weights follow Zhang's colour rebalancing,
 *    w ∝ ((1−λ)p + λ/G)^-1 with E_p[w] = 1 (model/color/rebalance).
 *
 * 2. Luminance weighting: "decreases the penalty for guessing wrong colors in [very
 *    bright or very dark] regions", motivated by the shrinking of the Lab gamut at large
 *    and small L (the seed's Fig. 2c). The weight at lightness L is the area of the sRGB
 *    gamut's ab slice at L divided by the largest such area over L: 0 at L = 0 and 100,
 *    1 where the gamut is widest.
 *
 * Everything here works on plain interleaved Lab arrays [n, h, w, 3] (the loader's
 * output), so the weights are made beside the batch, not inside the tfjs graph.
 */
import { inSrgbGamut } from '../color/bins';
import { rebalanceWeights } from '../color/rebalance';

/** ||ΔY|| at each of the (h-1) x (w-1) pixels with a right and lower neighbour, per image. */
export function gradientMagnitudes(lab: Float32Array, n: number, h: number, w: number): Float32Array {
  const out = new Float32Array(n * (h - 1) * (w - 1));
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < h - 1; y++) {
      for (let x = 0; x < w - 1; x++) {
        const p = ((i * h + y) * w + x) * 3;
        const right = p + 3;
        const down = p + w * 3;
        const dxa = lab[right + 1] - lab[p + 1];
        const dxb = lab[right + 2] - lab[p + 2];
        const dya = lab[down + 1] - lab[p + 1];
        const dyb = lab[down + 2] - lab[p + 2];
        out[k++] = Math.sqrt(dxa * dxa + dxb * dxb + dya * dya + dyb * dyb);
      }
    }
  }
  return out;
}

/** Index of the bin [edges[i], edges[i+1]) holding `m` (the last bin is open above). */
export function gradientBin(m: number, edges: readonly number[]): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= m) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function accumulateGradientCounts(counts: Float64Array, magnitudes: Float32Array, edges: readonly number[]): void {
  if (counts.length !== edges.length) throw new Error(`need ${edges.length} counts for ${edges.length} gradient bins, got ${counts.length}`);
  for (const m of magnitudes) counts[gradientBin(m, edges)]++;
}

export interface GradientPrior {
  edges: number[];
  counts: number[];
  /** Empirical distribution over the bins. */
  p: number[];
  lambda: number;
  /** Rebalancing weight per bin, E_p[w] = 1. */
  weights: number[];
}

export function gradientPrior(counts: Float64Array, edges: readonly number[], lambda: number): GradientPrior {
  const total = counts.reduce((s, c) => s + c, 0);
  if (!(total > 0)) throw new Error('no pixels counted for the gradient-magnitude distribution');
  const p = Float32Array.from(counts, (c) => c / total);
  return { edges: [...edges], counts: Array.from(counts), p: Array.from(p), lambda, weights: Array.from(rebalanceWeights(p, { lambda })) };
}

let gamutTable: Float32Array | null = null;

/** Relative ab-gamut area at L = 0, 1, ..., 100 (computed once: 101 x 129² gamut tests). */
function gamutAreaTable(): Float32Array {
  if (gamutTable) return gamutTable;
  const area = new Float32Array(101);
  for (let L = 0; L <= 100; L++) {
    let count = 0;
    for (let a = -128; a <= 128; a += 2) for (let b = -128; b <= 128; b += 2) if (inSrgbGamut(L, a, b)) count++;
    area[L] = count;
  }
  const max = Math.max(...area);
  gamutTable = area.map((c) => c / max);
  return gamutTable;
}

/**
 * The luminance weight: relative gamut area at L, linearly interpolated between integer L.
 * At L = 0 and L = 100 only a = b = 0 is in gamut, so the weight is (nearly) 0.
 */
export function luminanceWeight(L: number): number {
  const t = gamutAreaTable();
  const x = Math.min(100, Math.max(0, L));
  const i = Math.min(99, Math.floor(x));
  return t[i] + (t[i + 1] - t[i]) * (x - i);
}

/** Luminance weights of every pixel [n, h, w]. */
export function luminanceWeights(lab: Float32Array, n: number, h: number, w: number): Float32Array {
  const out = new Float32Array(n * h * w);
  for (let k = 0; k < out.length; k++) out[k] = luminanceWeight(lab[k * 3]);
  return out;
}

/**
 * L_C's per-pixel weights [n, h-1, w-1]: the gradient-magnitude weight (when `prior` is
 * given) times the luminance weight at the pixel (when `luminance` is set); null if neither.
 */
export function coherenceWeights(
  lab: Float32Array, n: number, h: number, w: number, prior: GradientPrior | null, luminance: boolean,
): Float32Array | null {
  if (!prior && !luminance) return null;
  const out = new Float32Array(n * (h - 1) * (w - 1)).fill(1);
  if (prior) {
    const mags = gradientMagnitudes(lab, n, h, w);
    for (let k = 0; k < mags.length; k++) out[k] = prior.weights[gradientBin(mags[k], prior.edges)];
  }
  if (luminance) {
    let k = 0;
    for (let i = 0; i < n; i++) for (let y = 0; y < h - 1; y++) for (let x = 0; x < w - 1; x++) out[k++] *= luminanceWeight(lab[((i * h + y) * w + x) * 3]);
  }
  return out;
}
