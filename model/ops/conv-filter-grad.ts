/**
 * The filter gradient of a convolution as one forward convolution, with the batch moved to
 * the channel slot (backend-independent: it runs on tfjs's own conv2d, XNNPACK on WASM).
 *
 * For y[n, p] = Σ_i xpad[n, s·p + d·i] W[i] (stride s, dilation d, per spatial axis), the
 * gradient is dW[i, ci, co] = Σ_n,p xpad[n, s·p + d·i, ci] dy[n, p, co]. Read xpad as an
 * image batch over ci with n as its channels, X[ci, ·, n], and dy as a filter
 * F[p, n, co]: then dW[i] = Σ_p,n X[ci, d·i + s·p, n] F[p, n, co], a valid convolution of X
 * with F at stride d and dilation s. One call replaces kh·kw slices and matMuls; measured
 * 2-8x faster on the `small` preset's layers at batch 8 (it loses at batch 1, where each
 * of its taps sums a single channel).
 */
import * as tf from '@tensorflow/tfjs';

/** The forward convolution's stride, dilation and padding (as tfjs's conv2d takes them). */
export interface ConvGeometry {
  strides: number;
  dilations: number;
  pad: tf.Conv2DBackpropFilterAttrs['pad'];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** x [N, H, W, Cin], dy [N, oH, oW, Cout] -> dW [kh, kw, Cin, Cout]. Stride or dilation must be 1. */
export function filterGradByConv(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, g: ConvGeometry): tf.Tensor4D {
  const { strides: s, dilations: d } = g;
  if (s > 1 && d > 1) throw new Error('filterGradByConv: stride and dilation cannot both exceed 1');
  const [n, h, w, cin] = x.shape;
  const [, oh, ow, cout] = dy.shape;
  const info = tf.backend_util.computeConv2DInfo([n, h, w, cin], [kh, kw, cin, cout], s, d, g.pad, g.dimRoundingMode);
  if (info.outHeight !== oh || info.outWidth !== ow) throw new Error(`filterGradByConv: dy is ${oh}x${ow}, the convolution gives ${info.outHeight}x${info.outWidth}`);
  const { top, left } = info.padInfo;
  // The rows the taps read: exactly s·(oH-1) + d·(kh-1) + 1 of the padded input.
  const hp = s * (oh - 1) + d * (kh - 1) + 1;
  const wp = s * (ow - 1) + d * (kw - 1) + 1;
  return tf.tidy(() => {
    let xp: tf.Tensor4D = tf.pad(x, [[0, 0], [top, Math.max(0, hp - h - top)], [left, Math.max(0, wp - w - left)], [0, 0]]);
    if (xp.shape[1] > hp || xp.shape[2] > wp) xp = tf.slice(xp, [0, 0, 0, 0], [n, hp, wp, cin]);
    const images = tf.transpose(xp, [3, 1, 2, 0]); // [Cin, Hp, Wp, N]
    const filter = tf.transpose(dy, [1, 2, 0, 3]); // [oH, oW, N, Cout]
    const out = tf.conv2d(images, filter, d, 'valid', 'NHWC', s); // [Cin, kh, kw, Cout]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}
