/**
 * A conv kernel rotated by 180° with its channel axes swapped: [kh, kw, Cin, Cout] ->
 * [kh, kw, Cout, Cin], the kernel of the input gradient (a transposed convolution run as a
 * forward one). The rotation is a gather of whole [Cin, Cout] planes in reverse tap order:
 * tfjs's WASM Reverse of a 4-D tensor moves one element at a time and cost 6% of a
 * training step.
 */
import * as tf from '@tensorflow/tfjs';

/** `taps` lists (i, j) of the result's taps in row-major order, as indices into the kernel; default: all, rotated. */
export function flipKernel(w: tf.Tensor4D, taps?: { rows: number; cols: number; index: number[] }): tf.Tensor4D {
  const [kh, kw, cin, cout] = w.shape;
  const sel = taps ?? { rows: kh, cols: kw, index: Array.from({ length: kh * kw }, (_, t) => kh * kw - 1 - t) };
  return tf.tidy(() => {
    const planes = tf.reshape(w, [kh * kw, cin, cout]);
    const picked = tf.gather(planes, tf.tensor1d(sel.index, 'int32'), 0); // [taps, Cin, Cout]
    return tf.reshape(tf.transpose(picked, [0, 2, 1]), [sel.rows, sel.cols, cout, cin]) as tf.Tensor4D;
  });
}
