/**
 * The `regression` variant's loss: Zhang et al. 2016, Eq. 1, the Euclidean loss on ab,
 *   L_2(Ŷ, Y) = ½ Σ_h,w ||Y_h,w − Ŷ_h,w||²,
 * averaged over pixels and images (ab in units of AB_NORM = 110).
 */
import * as tf from '@tensorflow/tfjs';

/** pred, target [N, h, w, 2] -> scalar. */
export function abL2(pred: tf.Tensor4D, target: tf.Tensor4D): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.mean(tf.sum(tf.squaredDifference(pred, target), -1)), 0.5) as tf.Scalar);
}
