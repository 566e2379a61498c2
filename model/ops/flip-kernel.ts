/**
 * A conv kernel rotated by 180° with its channel axes swapped: [kh, kw, Cin, Cout] ->
 * [kh, kw, Cout, Cin], the kernel of the input gradient (a transposed convolution run as a
 * forward one). The rotation copies whole [Cin, Cout] planes in reverse tap order (slices
 * and one concat): tfjs's WASM Reverse and GatherV2 move one element at a time, 5x slower
 * (Reverse was 6% of a training step).
 */
import * as tf from '@tensorflow/tfjs';

/** `taps` lists (i, j) of the result's taps in row-major order, as indices into the kernel; default: all, rotated. */
export function flipKernel(w: tf.Tensor4D, taps?: { rows: number; cols: number; index: number[] }): tf.Tensor4D {
  const [kh, kw, cin, cout] = w.shape;
  const sel = taps ?? { rows: kh, cols: kw, index: Array.from({ length: kh * kw }, (_, t) => kh * kw - 1 - t) };
  return tf.tidy(() => {
    const planes = tf.reshape(w, [kh * kw, cin * cout]);
    const picked = sel.index.length === 1 ? tf.slice(planes, [sel.index[0], 0], [1, cin * cout]) : tf.concat(sel.index.map((i) => tf.slice(planes, [i, 0], [1, cin * cout])), 0);
    return tf.reshape(tf.transpose(tf.reshape(picked, [sel.index.length, cin, cout]), [0, 2, 1]), [sel.rows, sel.cols, cout, cin]) as tf.Tensor4D;
  });
}
