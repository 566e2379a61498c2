/**
 * The seed's colour regulariser (Stellbrink 2018, Eq. 5):
 *   L_R(Ẑ, Z) = Σ_h,w 1 − (Z_h,w · f_T(Ẑ_h,w)) / max_q Z_h,w,q,   T = 0.01,
 * a differentiable stand-in for "the mode of Ẑ should be likely under Z" (Eq. 4): with a
 * small T, f_T(Ẑ) is nearly one-hot at Ẑ's mode. f_T comes from model/color/decode
 * (computed in log space: 1/T = 100 would overflow exp in float32 otherwise). Averaged
 * over pixels and images; optional per-pixel weights (coherent-rebal's luminance weight).
 */
import * as tf from '@tensorflow/tfjs';
import { temperedSoftmax } from '../color/decode';

/** z: baseline probabilities [N, H, W, Q]; refinedLogits [N, H, W, Q]; weights [N, H, W] -> scalar. */
export function colourRegulariser(z: tf.Tensor4D, refinedLogits: tf.Tensor4D, T: number, weights?: tf.Tensor3D): tf.Scalar {
  return tf.tidy(() => {
    const sharp = temperedSoftmax(refinedLogits, T); // [N, H, W, Q], ≈ one-hot at argmax Ẑ
    const agreement = tf.div(tf.sum(tf.mul(z, sharp), -1), tf.max(z, -1)); // [N, H, W] in [0, 1]
    const perPixel = tf.sub(1, agreement);
    return tf.mean(weights ? tf.mul(perPixel, weights) : perPixel) as tf.Scalar;
  });
}
