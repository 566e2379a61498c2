/**
 * BatchNorm in training mode (batch statistics) with its gradient in closed form.
 *
 * tfjs differentiates tf.moments and tf.batchNorm separately, and its FusedBatchNorm
 * gradient tiles 1/σ to the full [N, H, W, C] shape before multiplying (Tile was 5% of a
 * `small` training step). With x̂ = (x − μ)/σ over the M = N·H·W positions of a channel,
 * the gradient of y = γ·x̂ + β through the batch statistics is (Ioffe & Szegedy 2015, Sec. 3)
 *   dβ = Σ dy,   dγ = Σ dy·x̂,   dx = γ/σ · (dy − dβ/M − x̂·dγ/M),
 * every factor broadcast along the channel axis. The forward pass is tf.batchNorm on
 * tf.moments, as before.
 */
import * as tf from '@tensorflow/tfjs';

/** x [N, H, W, C], gamma and beta [C]; `onMoments` receives the batch mean and (biased) variance, which it owns. */
export function batchNormTraining(
  x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number,
  onMoments?: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor4D {
  const op = tf.customGrad(((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor, save: tf.GradSaveFunc) => {
    const { mean, variance } = tf.moments(xi, [0, 1, 2]);
    if (onMoments) onMoments(tf.keep(tf.clone(mean)) as tf.Tensor1D, tf.keep(tf.clone(variance)) as tf.Tensor1D);
    save([xi, gi, mean, variance]);
    return {
      value: tf.batchNorm(xi as tf.Tensor4D, mean, variance, bi, gi, epsilon),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sg, sm, sv] = saved;
        return tf.tidy(() => {
          const m = sx.size / sx.shape[3]!;
          const invStd = tf.rsqrt(tf.add(sv, epsilon));
          const xHat = tf.mul(tf.sub(sx, sm), invStd);
          const dBeta = tf.sum(dy, [0, 1, 2]);
          const dGamma = tf.sum(tf.mul(dy, xHat), [0, 1, 2]);
          const centred = tf.sub(tf.sub(dy, tf.div(dBeta, m)), tf.mul(xHat, tf.div(dGamma, m)));
          const dx = tf.mul(centred, tf.mul(sg, invStd));
          return [dx, dGamma, dBeta];
        });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, gamma, beta) as tf.Tensor4D;
}
