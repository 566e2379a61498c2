/**
 * Class rebalancing: Zhang et al. 2016, Sec. 2.2, Eq. (4). Natural images are dominated by
 * low-saturation ab values, so each pixel's loss is weighted by a function of its ground-truth
 * bin's rarity:
 *
 *   w ∝ ((1 - λ) p̃ + λ / Q)^-1,   E_p̃[w] = Σ_q p̃_q w_q = 1,
 *
 * where p̃ is the empirical distribution of (nearest) bins over the training set, smoothed
 * with a Gaussian over the ab plane (σ = 5), and λ = 1/2 mixes it with a uniform one.
 * λ = 1 gives uniform weights (the `zhang-norebal` variant).
 */
import * as tf from '@tensorflow/tfjs';
import type { AbBins } from './bins';

/** Zhang's grayscale filter: an image whose |a| and |b| are both <= this everywhere is skipped. */
export const GRAYSCALE_AB_THRESHOLD = 5;

/**
 * Adds each pixel's nearest-bin count to `counts` (length Q) for the images of a batch
 * ab [N, H, W, 2] (raw ab units). Images whose |a| <= 5 and |b| <= 5 at every pixel (Zhang's
 * "NonGrayMask" test in their Caffe training layers) are left out; returns how many were.
 * Reads the tensor synchronously, which tfjs's WebGPU backend cannot do in Node: there use
 * accumulateBinCountsAsync, or accumulateBinCountsArray on the CPU-side data.
 */
export function accumulateBinCounts(counts: Float64Array, ab: tf.Tensor, bins: AbBins): number {
  checkBatch(ab);
  return accumulateBinCountsArray(counts, ab.dataSync(), ab.shape[0], bins);
}

/** accumulateBinCounts for any backend (awaits the data). */
export async function accumulateBinCountsAsync(counts: Float64Array, ab: tf.Tensor, bins: AbBins): Promise<number> {
  checkBatch(ab);
  return accumulateBinCountsArray(counts, await ab.data(), ab.shape[0], bins);
}

function checkBatch(ab: tf.Tensor): void {
  if (ab.rank !== 4 || ab.shape[3] !== 2) {
    throw new Error(`accumulateBinCounts expects ab [N, H, W, 2]; got shape [${ab.shape.join(', ')}]`);
  }
}

/** The same on plain data: `ab` holds `images` images of equal size, interleaved (a, b) per pixel. */
export function accumulateBinCountsArray(counts: Float64Array, ab: ArrayLike<number>, images: number, bins: AbBins): number {
  if (counts.length !== bins.Q) throw new Error(`bin counts must have length Q = ${bins.Q}, got ${counts.length}`);
  if (!Number.isInteger(images) || images < 1 || ab.length % (2 * images) !== 0) {
    throw new Error(`accumulateBinCounts: ${ab.length} values do not split into ${images} images of (a, b) pixels`);
  }
  const perImage = ab.length / 2 / images;
  const nearest = nearestBinLookup(bins);
  let skipped = 0;
  for (let i = 0; i < images; i++) {
    const start = 2 * i * perImage;
    const end = start + 2 * perImage;
    let colourful = false;
    for (let j = start; j < end && !colourful; j++) colourful = Math.abs(ab[j]) > GRAYSCALE_AB_THRESHOLD;
    if (!colourful) {
      skipped++;
      continue;
    }
    for (let j = start; j < end; j += 2) counts[nearest(ab[j], ab[j + 1])]++;
  }
  return skipped;
}

/**
 * Nearest bin of an (a, b) pair in plain numbers. The bins sit on the grid, so the nearest
 * grid point is the answer whenever it is a bin; only values beyond the gamut's edge, where
 * the nearest grid point is not a bin, need the search over all Q centres.
 */
export function nearestBinLookup(bins: AbBins): (a: number, b: number) => number {
  const { centers, grid, Q } = bins;
  const key = (i: number, j: number) => i * 100_003 + j; // grid coordinates -> one number
  const index = new Map<number, number>();
  for (let q = 0; q < Q; q++) index.set(key(Math.round(centers[2 * q] / grid), Math.round(centers[2 * q + 1] / grid)), q);
  return (a, b) => {
    const hit = index.get(key(Math.round(a / grid), Math.round(b / grid)));
    if (hit !== undefined) return hit;
    let best = 0;
    let bestD = Infinity;
    for (let q = 0; q < Q; q++) {
      const d = (a - centers[2 * q]) ** 2 + (b - centers[2 * q + 1]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  };
}

/** Counts -> probabilities (sum 1). */
export function empiricalDistribution(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let q = 0; q < counts.length; q++) {
    if (!(counts[q] >= 0)) throw new Error(`bin counts must be non-negative numbers; count ${q} is ${counts[q]}`);
    total += counts[q];
  }
  if (total === 0) throw new Error('no pixels were counted: the bin distribution is empty (all images grayscale?)');
  return Float64Array.from(counts, (c) => c / total);
}

/**
 * Gaussian smoothing of a bin distribution over the ab plane: p̃_q ∝ Σ_r p_r exp(-|c_q - c_r|^2 / 2σ^2),
 * renormalised to sum 1. This is Zhang's smoothing (a Gaussian filter on the ab plane, then
 * read at the bin centres and renormalised) evaluated directly at the centres; mass that the
 * kernel spreads outside the bins is dropped by the renormalisation, as theirs was.
 */
export function smoothDistribution(p: ArrayLike<number>, bins: AbBins, sigma = 5): Float64Array {
  if (p.length !== bins.Q) throw new Error(`distribution must have length Q = ${bins.Q}, got ${p.length}`);
  if (!(sigma > 0)) throw new Error(`smoothing sigma must be positive, got ${sigma}`);
  const c = bins.centers;
  const out = new Float64Array(bins.Q);
  let total = 0;
  for (let q = 0; q < bins.Q; q++) {
    let s = 0;
    for (let r = 0; r < bins.Q; r++) {
      const da = c[2 * q] - c[2 * r];
      const db = c[2 * q + 1] - c[2 * r + 1];
      s += p[r] * Math.exp(-(da * da + db * db) / (2 * sigma * sigma));
    }
    out[q] = s;
    total += s;
  }
  for (let q = 0; q < bins.Q; q++) out[q] /= total;
  return out;
}

/**
 * Rebalancing weights from the smoothed distribution p̃ (Zhang's Eq. 4):
 * w_q = ((1 - λ) p̃_q + λ / Q)^-1, scaled so that Σ_q p̃_q w_q = 1.
 * @example rebalanceWeights([0.5, 0.3, 0.2]) // ≈ [0.82834, 1.08992, 1.29426]
 */
export function rebalanceWeights(pSmoothed: ArrayLike<number>, { lambda = 0.5 }: { lambda?: number } = {}): Float32Array {
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`rebalancing lambda must be in [0, 1], got ${lambda}`);
  const Q = pSmoothed.length;
  const w = new Float64Array(Q);
  let expectation = 0;
  for (let q = 0; q < Q; q++) {
    // convex combination of the empirical prior and the uniform distribution, inverted
    w[q] = 1 / ((1 - lambda) * pSmoothed[q] + lambda / Q);
    expectation += pSmoothed[q] * w[q];
  }
  if (!Number.isFinite(expectation) || expectation <= 0) {
    throw new Error('rebalancing weights are undefined: lambda = 0 with an empty bin, or an empty distribution');
  }
  return Float32Array.from(w, (x) => x / expectation);
}

/** target [N, H, W, Q] (soft-encoded) -> [N, H, W]: each pixel's weight, that of its argmax bin. */
export function pixelWeights(target: tf.Tensor, weights: Float32Array): tf.Tensor {
  const Q = target.shape[target.rank - 1];
  if (Q !== weights.length) throw new Error(`pixelWeights: target has ${Q} bins but there are ${weights.length} weights`);
  return tf.tidy(() => tf.gather(tf.tensor1d(weights), target.argMax(-1)));
}
