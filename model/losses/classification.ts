/**
 * Zhang et al. 2016, Eq. 2: the rebalanced multinomial cross-entropy
 *   L_cl(Ẑ, Z) = - Σ_h,w v(Z_h,w) Σ_q Z_h,w,q log Ẑ_h,w,q
 * with Z the soft-encoded ground truth and v the rebalancing weight of the pixel's
 * nearest bin. Averaged over pixels and images here (a sum scales with the crop size and
 * batch, which would tie the learning rate to both).
 */
import * as tf from '@tensorflow/tfjs';

/** logits, target [N, h, w, Q]; weights [N, h, w] -> scalar. */
export function rebalancedCrossEntropy(logits: tf.Tensor4D, target: tf.Tensor4D, weights: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const perPixel = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), -1)); // [N, h, w]
    return tf.mean(tf.mul(perPixel, weights)) as tf.Scalar;
  });
}
