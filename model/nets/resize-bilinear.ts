/**
 * Bilinear resizing with half-pixel centres (what tf.image.resizeBilinear(x, size, false,
 * true) computes), written as two products with interpolation matrices so that its
 * gradient is exact: the gradient is the product with the transposed matrices.
 *
 * Why not tf.image.resizeBilinear in training: tfjs 4.22's ResizeBilinearGrad ignores
 * halfPixelCenters: the gradient it returns is that of a resize without them (checked on
 * the wasm and cpu backends against finite differences), wrong for every weight below it.
 *
 * Row i of the matrix for n -> m holds the weights of output i: its centre maps to the
 * input coordinate s = (i + 0.5) · n / m − 0.5, which mixes inputs floor(s) and floor(s) + 1
 * (clamped to the edges) with weights 1 − frac(s) and frac(s), as TensorFlow does.
 */
import * as tf from '@tensorflow/tfjs';

/** The [m, n] matrix that resizes a length-n signal to length m (rows sum to 1). */
export function interpolationMatrix(n: number, m: number): Float32Array {
  const A = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const s = ((i + 0.5) * n) / m - 0.5;
    const lo = Math.floor(s);
    const frac = s - lo;
    const clamp = (j: number) => Math.min(n - 1, Math.max(0, j));
    A[i * n + clamp(lo)] += 1 - frac;
    A[i * n + clamp(lo + 1)] += frac;
  }
  return A;
}

/** x [N, H, W, C] -> [N, h, w, C], bilinear with half-pixel centres, differentiable. */
export function resizeBilinear(x: tf.Tensor4D, [h, w]: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [N, H, W, C] = x.shape;
    const rows = tf.tensor2d(interpolationMatrix(H, h), [h, H]);
    const cols = tf.tensor2d(interpolationMatrix(W, w), [w, W]);
    // Along H: [H, N*W*C] as the right factor of rows [h, H].
    const xh = tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [H, N * W * C]);
    const yh = tf.transpose(tf.reshape(tf.matMul(rows, xh), [h, N, W, C]), [1, 0, 2, 3]); // [N, h, W, C]
    // Along W: [W, N*h*C] as the right factor of cols [w, W].
    const xw = tf.reshape(tf.transpose(yh, [2, 0, 1, 3]), [W, N * h * C]);
    return tf.transpose(tf.reshape(tf.matMul(cols, xw), [w, N, h, C]), [1, 2, 0, 3]) as tf.Tensor4D; // [N, h, w, C]
  });
}
