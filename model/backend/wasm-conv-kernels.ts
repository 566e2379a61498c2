/**
 * The weight gradient of a 2-D convolution for tfjs's WASM backend, which ships no
 * `Conv2DBackpropFilter` kernel (tfjs 4.22), so any training step with a conv layer fails
 * there with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'".
 * Registering a gradient is not enough: fused conv ops call this kernel directly.
 *
 * Method: for a filter tap (i, j), dW[i, j] = X_ij^T · dY, where X_ij [N·oH·oW, Cin] is
 * the (padded) input sampled at the positions that tap touches (a strided slice) and dY
 * is [N·oH·oW, Cout]. One matMul per tap instead of one im2col matrix: the same FLOPs,
 * but only one [N·oH·oW, Cin] slice is alive at a time (an im2col matrix for Zhang's
 * conv1_2 at batch 40 would take 1.2 GB).
 */
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, KernelConfig, TensorInfo } from '@tensorflow/tfjs';

interface KernelArgs {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: tf.KernelBackend & { incRef(dataId: object): void };
  attrs: Conv2DBackpropFilterAttrs;
}

/** Wraps a kernel input in a tensor without copying; its dispose() gives the reference back. */
function borrow(info: TensorInfo, backend: KernelArgs['backend']): tf.Tensor {
  // makeTensorFromTensorInfo does not take a backend reference, but dispose() drops one:
  // take it here so that disposing the wrapper leaves the caller's input alive.
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Computes dW [kh, kw, Cin, Cout] from x [N, H, W, Cin] and dy [N, oH, oW, Cout] with ops. */
export function conv2dBackpropFilterFromOps(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  attrs: Conv2DBackpropFilterAttrs,
): tf.Tensor4D {
  if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape, attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  const { top, bottom, left, right } = info.padInfo;
  const [n, , , cin] = x.shape;
  const cout = dy.shape[3];
  return tf.tidy(() => {
    // Negative pads never occur for 'same'/'valid'; explicit pads are non-negative by contract.
    const xp = top || bottom || left || right
      ? tf.pad(x, [[0, 0], [top, bottom], [left, right], [0, 0]])
      : x; // [N, H+pt+pb, W+pl+pr, Cin]
    const dy2 = tf.reshape(dy, [n * oh * ow, cout]); // [M, Cout]
    const taps: tf.Tensor2D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const xs = tf.stridedSlice(
          xp, [0, i, j, 0], [n, i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1, cin], [1, sh, sw, 1],
        ) as tf.Tensor4D; // [N, oH, oW, Cin]
        taps.push(tf.matMul(tf.reshape(xs, [n * oh * ow, cin]), dy2, true, false)); // [Cin, Cout]
      }
    }
    return tf.reshape(tf.stack(taps), [kh, kw, cin, cout]) as tf.Tensor4D;
  });
}

function kernelFunc({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const x = borrow(inputs.x, backend) as tf.Tensor4D;
  const dy = borrow(inputs.dy, backend) as tf.Tensor4D;
  const dw = conv2dBackpropFilterFromOps(x, dy, attrs);
  // The engine will wrap the returned dataId in a new tensor; keep the data alive past
  // dw.dispose() by taking a backend reference first (otherwise the WASM heap is freed).
  backend.incRef(dw.dataId);
  const out: TensorInfo = { dataId: dw.dataId, shape: dw.shape, dtype: dw.dtype };
  dw.dispose();
  x.dispose();
  dy.dispose();
  return out;
}

export const wasmConv2dBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'],
};
