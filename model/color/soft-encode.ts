/**
 * Soft-encoding of ground-truth ab values over the Q bins: Zhang et al. 2016, Sec. 2.1 ("we
 * find the 5-nearest neighbors to Y_h,w in the output space and weight them proportionally
 * to their distance from the ground truth using a Gaussian kernel with σ = 5"). Their
 * released Caffe layer used 10 neighbours; `neighbours` makes it a parameter.
 *
 * These are training targets, not part of the network: nothing here needs a gradient.
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

/**
 * ab [..., 2] (raw units, not divided by AB_NORM) -> [..., Q]: each pixel's `neighbours`
 * nearest bins get weights exp(-d^2 / 2σ^2), normalised to sum to 1; all other bins get 0.
 */
export function softEncode(
  ab: tf.Tensor,
  bins: AbBins,
  { neighbours = 5, sigma = 5 }: { neighbours?: number; sigma?: number } = {},
): tf.Tensor {
  checkAb(ab, 'softEncode');
  if (!Number.isInteger(neighbours) || neighbours < 1 || neighbours > bins.Q) {
    throw new Error(`softEncode: neighbours must be an integer in 1..${bins.Q}, got ${neighbours}`);
  }
  if (!(sigma > 0)) throw new Error(`softEncode: sigma must be positive, got ${sigma}`);
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
    return encoded.reshape([...ab.shape.slice(0, -1), bins.Q]);
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
