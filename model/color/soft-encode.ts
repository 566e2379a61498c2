/**
 * Soft-encoding of ground-truth ab values over the Q bins: Zhang et al. 2016, Sec. 2.1 ("we
 * find the 5-nearest neighbors to Y_h,w in the output space and weight them proportionally
 * to their distance from the ground truth using a Gaussian kernel with σ = 5"). Their
 * released Caffe layer used 10 neighbours; `neighbours` makes it a parameter.
 *
 * These are training targets, not part of the network: nothing here needs a gradient.
 * Two implementations give the same result: tensor ops (distances by matMul, topk,
 * scatterND) for GPU backends, and a plain loop over the bins (softEncodeArray), which on
 * the CPU and WASM backends is 10-100x faster than tfjs's topk; softEncode picks by backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { AbBins } from './bins';
import { binCentersTensor } from './bins';

function checkAb(ab: tf.Tensor, what: string): void {
  if (ab.rank < 1 || ab.shape[ab.rank - 1] !== 2) {
    throw new Error(`${what} expects ab values [..., 2]; got shape [${ab.shape.join(', ')}]`);
  }
}

/** Squared distances from each pixel's ab to every bin centre: [P, 2] -> [P, Q]. */
function squaredDistances(flat: tf.Tensor2D, bins: AbBins): tf.Tensor2D {
  const centers = binCentersTensor(bins); // [Q, 2]
  // |x - c|^2 = |x|^2 - 2 x·c + |c|^2, as one matMul instead of a [P, Q, 2] difference tensor.
  const xx = flat.square().sum(1, true); // [P, 1]
  const cc = centers.square().sum(1).reshape([1, bins.Q]); // [1, Q]
  return xx.sub(flat.matMul(centers.transpose()).mul(2)).add(cc) as tf.Tensor2D; // [P, Q]
}

export interface SoftEncodeOptions {
  /** How many nearest bins share each pixel's mass (Zhang's paper: 5; their Caffe layer: 10). */
  neighbours?: number;
  /** Gaussian kernel width in ab units. */
  sigma?: number;
}

function checkOptions(bins: AbBins, neighbours: number, sigma: number): void {
  if (!Number.isInteger(neighbours) || neighbours < 1 || neighbours > bins.Q) {
    throw new Error(`softEncode: neighbours must be an integer in 1..${bins.Q}, got ${neighbours}`);
  }
  if (!(sigma > 0)) throw new Error(`softEncode: sigma must be positive, got ${sigma}`);
}

/**
 * Plain-array soft-encoding: ab interleaved (a, b, a, b, ...) for P pixels -> P * Q values,
 * pixel p's distribution at [p*Q, (p+1)*Q). Same definition as softEncode.
 */
export function softEncodeArray(
  ab: ArrayLike<number>,
  bins: AbBins,
  { neighbours = 5, sigma = 5 }: SoftEncodeOptions = {},
): Float32Array {
  checkOptions(bins, neighbours, sigma);
  if (ab.length % 2 !== 0) throw new Error(`softEncodeArray expects interleaved (a, b) pairs; got length ${ab.length}`);
  const P = ab.length / 2;
  const Q = bins.Q;
  const c = bins.centers;
  const out = new Float32Array(P * Q);
  const bestD = new Float64Array(neighbours);
  const bestQ = new Int32Array(neighbours);
  for (let p = 0; p < P; p++) {
    const a = ab[2 * p];
    const b = ab[2 * p + 1];
    bestD.fill(Infinity);
    // Keep the k smallest distances in ascending order (insertion into a k-slot list); on ties
    // the lower bin index wins, as with tfjs's topk.
    for (let q = 0; q < Q; q++) {
      const da = a - c[2 * q];
      const db = b - c[2 * q + 1];
      const d = da * da + db * db;
      if (d >= bestD[neighbours - 1]) continue;
      let j = neighbours - 1;
      while (j > 0 && bestD[j - 1] > d) {
        bestD[j] = bestD[j - 1];
        bestQ[j] = bestQ[j - 1];
        j--;
      }
      bestD[j] = d;
      bestQ[j] = q;
    }
    // Gaussian kernel shifted by the nearest distance (see softEncode), normalised.
    let sum = 0;
    for (let j = 0; j < neighbours; j++) sum += Math.exp(-(bestD[j] - bestD[0]) / (2 * sigma * sigma));
    for (let j = 0; j < neighbours; j++) {
      out[p * Q + bestQ[j]] = Math.exp(-(bestD[j] - bestD[0]) / (2 * sigma * sigma)) / sum;
    }
  }
  return out;
}

/**
 * ab [..., 2] (raw units, not divided by AB_NORM) -> [..., Q]: each pixel's `neighbours`
 * nearest bins get weights exp(-d^2 / 2σ^2), normalised to sum to 1; all other bins get 0.
 */
export function softEncode(ab: tf.Tensor, bins: AbBins, { neighbours = 5, sigma = 5 }: SoftEncodeOptions = {}): tf.Tensor {
  checkAb(ab, 'softEncode');
  checkOptions(bins, neighbours, sigma);
  const outShape = [...ab.shape.slice(0, -1), bins.Q];
  const backend = tf.getBackend();
  if (backend === 'cpu' || backend === 'wasm' || backend === 'wasm-threads') {
    // The data already lives in main memory: the plain loop beats topk there by far.
    const flat = softEncodeArray(ab.dataSync(), bins, { neighbours, sigma });
    return tf.tensor(flat, outShape);
  }
  return softEncodeTensor(ab, bins, neighbours, sigma, outShape);
}

/** The tensor-op path (exported for tests that compare the two paths). */
export function softEncodeTensor(
  ab: tf.Tensor,
  bins: AbBins,
  neighbours: number,
  sigma: number,
  outShape = [...ab.shape.slice(0, -1), bins.Q],
): tf.Tensor {
  checkAb(ab, 'softEncodeTensor');
  checkOptions(bins, neighbours, sigma);
  return tf.tidy(() => {
    const flat = ab.toFloat().reshape([-1, 2]) as tf.Tensor2D; // [P, 2]
    const P = flat.shape[0];
    const d2 = squaredDistances(flat, bins); // [P, Q]
    const { values, indices } = tf.topk(d2.neg(), neighbours); // [P, k], nearest first
    // Gaussian kernel, shifted by the nearest distance so that a pixel far outside the gamut
    // (every d^2 large) does not underflow to all-zero weights; the shift cancels when normalised.
    const nearest = values.slice([0, 0], [P, 1]); // -d^2 of the nearest bin
    const kernel = values.sub(nearest).div(2 * sigma * sigma).exp(); // [P, k]
    const weights = kernel.div(kernel.sum(1, true)); // [P, k], rows sum to 1
    const rows = tf.range(0, P, 1, 'int32').reshape([P, 1]).tile([1, neighbours]); // [P, k]
    const scatterIdx = tf.stack([rows.reshape([-1]), indices.reshape([-1])], 1); // [P*k, 2]
    const encoded = tf.scatterND(scatterIdx, weights.reshape([-1]), [P, bins.Q]); // [P, Q]
    return encoded.reshape(outShape);
  });
}

/** ab [..., 2] -> int32 [...]: the index of each pixel's nearest bin centre (Euclidean). */
export function nearestBin(ab: tf.Tensor, bins: AbBins): tf.Tensor {
  checkAb(ab, 'nearestBin');
  return tf.tidy(() => {
    const flat = ab.toFloat().reshape([-1, 2]) as tf.Tensor2D;
    return squaredDistances(flat, bins).argMin(1).reshape(ab.shape.slice(0, -1));
  });
}
