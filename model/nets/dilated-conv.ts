/**
 * A 'same'-padded dilated convolution that tfjs can differentiate.
 *
 * tfjs 4.22 has no gradient for conv2d with dilation > 1 ("dilation rates greater than 1
 * are not yet supported in gradients"). The space-to-batch identity (the way TensorFlow
 * implements atrous convolution, Chen et al. 2017 "DeepLab", Sec. 3.1) gives the same
 * output from ops that all have gradients: pad, move each of the rate x rate phases of the
 * image into the batch, run an ordinary valid conv, and interleave the phases back.
 */
import * as tf from '@tensorflow/tfjs';

/** x [N, H, W, Cin], w [k, k, Cin, Cout] -> [N, H, W, Cout], stride 1, dilation `rate`. */
export function dilatedConv2d(x: tf.Tensor4D, w: tf.Tensor4D, rate: number): tf.Tensor4D {
  if (rate === 1) return tf.conv2d(x, w, 1, 'same');
  const [kh, kw] = w.shape;
  if (kh % 2 !== 1 || kw % 2 !== 1) throw new Error(`dilatedConv2d needs an odd kernel, got ${kh}x${kw}`);
  return tf.tidy(() => {
    const [, h, wd] = x.shape;
    // 'same' padding of the dilated kernel (effective size rate*(k-1)+1) on each side ...
    const ph = (rate * (kh - 1)) / 2;
    const pw = (rate * (kw - 1)) / 2;
    // ... plus extra rows/columns at the end so the padded size divides by `rate`.
    const eh = (rate - ((h + 2 * ph) % rate)) % rate;
    const ew = (rate - ((wd + 2 * pw) % rate)) % rate;
    const phases = tf.spaceToBatchND(x, [rate, rate], [
      [ph, ph + eh],
      [pw, pw + ew],
    ]) as tf.Tensor4D; // [N·rate², (H+2ph+eh)/rate, (W+2pw+ew)/rate, Cin]
    const y = tf.conv2d(phases, w, 1, 'valid'); // [N·rate², (H+2ph+eh)/rate - kh + 1, ..., Cout]
    return tf.batchToSpaceND(y, [rate, rate], [
      [0, eh],
      [0, ew],
    ]) as tf.Tensor4D; // [N, H, W, Cout]
  });
}
