/**
 * A 'same'-padded dilated convolution that tfjs can differentiate.
 *
 * tfjs 4.22 runs conv2d with dilation > 1 (on WASM through XNNPACK) but has no gradient for
 * it ("dilation rates greater than 1 are not yet supported in gradients"). The gradient is
 * written here with tf.customGrad, both parts as ordinary forward convolutions:
 *   - input: with an odd kernel the 'same' padding is symmetric, so dx is the same dilated
 *     'same' convolution of dy with the kernel rotated by 180° and Cin, Cout swapped;
 *   - filter: one convolution with the batch in the channel slot, at stride `rate`
 *     (conv-filter-grad.ts).
 * The forward pass equals the space-to-batch form used before (spaceToBatchND, valid conv,
 * batchToSpaceND; TensorFlow's atrous convolution), kept below as the reference the tests
 * compare with.
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradByConv } from '../ops/conv-filter-grad';
import { flipKernel } from '../ops/flip-kernel';

function checkOdd(w: tf.Tensor4D): void {
  const [kh, kw] = w.shape;
  if (kh % 2 !== 1 || kw % 2 !== 1) throw new Error(`dilatedConv2d needs an odd kernel, got ${kh}x${kw}`);
}

/** x [N, H, W, Cin], w [k, k, Cin, Cout] -> [N, H, W, Cout], stride 1, dilation `rate`. */
export function dilatedConv2d(x: tf.Tensor4D, w: tf.Tensor4D, rate: number): tf.Tensor4D {
  if (rate === 1) return tf.conv2d(x, w, 1, 'same');
  checkOdd(w);
  const op = tf.customGrad(((xi: tf.Tensor, wi: tf.Tensor, save: tf.GradSaveFunc) => {
    const xx = xi as tf.Tensor4D;
    const ww = wi as tf.Tensor4D;
    save([xx, ww]);
    return {
      value: tf.conv2d(xx, ww, 1, 'same', 'NHWC', rate),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sw] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = tf.tidy(() => tf.conv2d(dy as tf.Tensor4D, flipKernel(sw), 1, 'same', 'NHWC', rate));
        const dw = filterGradByConv(sx, dy as tf.Tensor4D, sw.shape[0], sw.shape[1], { strides: 1, dilations: rate, pad: 'same' });
        return [dx, dw];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, w) as tf.Tensor4D;
}

/** The space-to-batch form (differentiable through tfjs's own ops): the reference for dilatedConv2d. */
export function dilatedConv2dSpaceToBatch(x: tf.Tensor4D, w: tf.Tensor4D, rate: number): tf.Tensor4D {
  if (rate === 1) return tf.conv2d(x, w, 1, 'same');
  checkOdd(w);
  const [kh, kw] = w.shape;
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
