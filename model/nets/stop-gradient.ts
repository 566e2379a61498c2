/**
 * Identity in the forward pass, zero gradient in the backward pass. tfjs 4.22 has no
 * stopGradient op; tf.customGrad gives one. Used where the seed trains "both parts
 * independently": the coherence and colour losses must not reach the baseline's weights.
 */
import * as tf from '@tensorflow/tfjs';

const stop = tf.customGrad((...inputs) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
