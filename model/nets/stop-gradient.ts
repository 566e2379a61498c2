/**
 * stopGradient(x): the same values as x, with no gradient path back to x (TensorFlow's
 * tf.stop_gradient; tfjs 4.22 has none). Used where the seed trains "both parts
 * independently": the coherence and colour losses must not reach the baseline's weights.
 *
 * The result is a second tensor handle on x's data made outside any op, so the gradient
 * tape never links it to x: the backward pass of those losses stops here instead of
 * carrying zeros through the upsampling and softmax into the baseline. (A tf.customGrad
 * returning zeros gives the same gradients but keeps that whole path on the tape.)
 */
import * as tf from '@tensorflow/tfjs';

export function stopGradient<T extends tf.Tensor>(x: T): T {
  // The new handle takes its own reference on the data, released when it is disposed.
  tf.backend().incRef(x.dataId);
  return tf.engine().makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }) as T;
}
