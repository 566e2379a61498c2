/**
 * The seed's coherence loss (Stellbrink 2018, Eq. 3):
 *   L_C(Ŷ, Y) = Σ_h,w || ΔY_h,w − ΔŶ_h,w ||_2
 * where ΔY_h,w are the horizontal and vertical finite differences of the a and b channels
 * at pixel (h, w): the 4-vector (a[h,w+1] − a[h,w], b[h,w+1] − b[h,w], a[h+1,w] − a[h,w],
 * b[h+1,w] − b[h,w]), defined on the (H−1) x (W−1) pixels that have both neighbours.
 * One norm over all four differences (the Frobenius norm of the ab Jacobian's error);
 * averaged over pixels and images instead of summed; optional per-pixel weights
 * (coherent-rebal). A small ε under the root keeps the gradient finite where the
 * differences agree exactly.
 */
import * as tf from '@tensorflow/tfjs';

export const COHERENCE_EPSILON = 1e-8;

/** ab [N, H, W, 2] -> ΔY [N, H-1, W-1, 4] (dx a, dx b, dy a, dy b). */
export function abDifferences(ab: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = ab.shape;
    const at = (y: number, x: number) => tf.slice(ab, [0, y, x, 0], [n, h - 1, w - 1, 2]); // (tf.slice has a gradient, stridedSlice does not)
    const base = at(0, 0);
    return tf.concat([tf.sub(at(0, 1), base), tf.sub(at(1, 0), base)], 3) as tf.Tensor4D;
  });
}

/** abPred, abTrue [N, H, W, 2]; weights [N, H-1, W-1] or none -> scalar. */
export function coherenceLoss(abPred: tf.Tensor4D, abTrue: tf.Tensor4D, weights?: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const diff = tf.sub(abDifferences(abTrue), abDifferences(abPred)); // [N, H-1, W-1, 4]
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(diff), -1), COHERENCE_EPSILON)); // [N, H-1, W-1]
    return tf.mean(weights ? tf.mul(norm, weights) : norm) as tf.Scalar;
  });
}
