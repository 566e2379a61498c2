/**
 * The two backward convolutions for tfjs's WASM backend (4.22), built from ops it runs
 * fast (XNNPACK's forward conv2d, matMul, pad, reshape):
 *
 * - Conv2DBackpropFilter (dW): missing from the WASM backend, so any training step with a
 *   conv layer fails there ("Kernel 'Conv2DBackpropFilter' not registered"). Registering
 *   a gradient is not enough: fused conv ops call this kernel directly.
 * - Conv2DBackpropInput (dx, and the forward pass of conv2dTranspose): present but a plain
 *   loop, 5-7x slower than the forward conv on the network's layers (measured: a
 *   [1,56,56,256] 3x3 layer takes 4.4 s against 0.65 s through conv2d).
 *
 * Both are exact rewrites (sums of the same products), so they agree with the CPU
 * backend to float rounding; cases they do not cover (NCHW, and dx for stride > 1 with
 * fewer than 8 input channels, where zero-insertion costs more than it saves) go to
 * tfjs's own kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';

type Backend = tf.KernelBackend & { incRef(dataId: object): void };

/** Wraps a kernel input in a tensor without copying; its dispose() gives the reference back. */
function borrow(info: TensorInfo, backend: Backend): tf.Tensor {
  // makeTensorFromTensorInfo does not take a backend reference, but dispose() drops one:
  // take it here so that disposing the wrapper leaves the caller's input alive.
  backend.incRef(info.dataId);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Hands a tensor computed inside a kernel back to the engine as the kernel's output. */
function release(t: tf.Tensor, backend: Backend): TensorInfo {
  // The engine wraps the returned dataId in a new tensor: keep the data alive past
  // t.dispose() by taking a reference first (otherwise the WASM heap block is freed).
  backend.incRef(t.dataId);
  const out: TensorInfo = { dataId: t.dataId, shape: t.shape, dtype: t.dtype };
  t.dispose();
  return out;
}

function convInfo(xShape: number[], filterShape: number[], attrs: { strides: [number, number] | number; pad: Conv2DBackpropFilterAttrs['pad']; dimRoundingMode?: 'floor' | 'round' | 'ceil' }) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/**
 * Most output positions (pixels x images) per matMul in the filter gradient: bounds the
 * memory of one tap's slice (rows x Cin floats); larger chunks measured no slower.
 */
export const FILTER_GRAD_CHUNK_ROWS = 32768;

/**
 * dW [kh, kw, Cin, Cout] from x [N, H, W, Cin] and dy [N, oH, oW, Cout].
 *
 * dW[i, j] = Σ_n,y,x xpad[n, y·s + i, x·s + j, :]ᵀ dy[n, y, x, :]. With stride s the padded
 * input splits into s² phase images (spaceToBatchND), and tap (i, j) reads phase
 * (i mod s, j mod s) shifted by (i div s, j div s). In a phase image flattened row-major,
 * that shift is a constant offset: computing outputs on the full phase width (dy padded
 * with zero columns) makes every tap a contiguous slice and a matMul
 * [Cout, rows] x [rows, Cin], summed over chunks of output rows. Contiguous slices matter:
 * the WASM backend copies a strided 4-D slice one channel vector at a time, which cost
 * more than the products.
 */
export function conv2dBackpropFilterFromOps(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Conv2DBackpropFilterAttrs): tf.Tensor4D {
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  if (sh !== sw) throw new Error('conv2dBackpropFilterFromOps: unequal strides are not supported');
  const s = sh;
  const { top, left } = info.padInfo;
  const [n, h, w, cin] = x.shape;
  const cout = dy.shape[3];
  // Phase-image sizes: room for every tap's shift, plus one row for the flat overflow.
  const wq = Math.max(Math.ceil((left + w) / s), ow + Math.floor((kw - 1) / s));
  const hq = Math.max(Math.ceil((top + h) / s), oh + Math.floor((kh - 1) / s) + 1);
  // Chunks: whole images when an image is small, else bands of output rows of one image.
  const rowsPerBand = Math.max(1, Math.min(oh, Math.floor(FILTER_GRAD_CHUNK_ROWS / wq)));
  const imagesPerChunk = rowsPerBand === oh ? Math.max(1, Math.floor(FILTER_GRAD_CHUNK_ROWS / (oh * wq))) : 1;
  return tf.tidy(() => {
    // Rows/columns past the conv's own padding are zeros; they meet only zero dy columns.
    const xp = tf.pad(x, [[0, 0], [top, hq * s - h - top], [left, wq * s - w - left], [0, 0]]); // [N, Hq·s, Wq·s, Cin]
    const phases = s > 1 ? tf.spaceToBatchND(xp, [s, s], [[0, 0], [0, 0]]) : xp; // [s²·N, Hq, Wq, Cin], phase-major
    const flat = tf.reshape(phases, [s * s * n, hq * wq * cin]);
    const dyWide = tf.reshape(tf.pad(dy, [[0, 0], [0, 0], [0, wq - ow], [0, 0]]), [n, oh * wq * cout]); // [N, oH·Wq·Cout]
    let sum: tf.Tensor | null = null;
    for (let n0 = 0; n0 < n; n0 += imagesPerChunk) {
      const nb = Math.min(imagesPerChunk, n - n0);
      for (let r0 = 0; r0 < oh; r0 += rowsPerBand) {
        const rows = Math.min(rowsPerBand, oh - r0);
        const m = nb * rows * wq;
        const chunk = tf.tidy(() => {
          const dyT = tf.transpose(tf.reshape(tf.slice(dyWide, [n0, r0 * wq * cout], [nb, rows * wq * cout]), [m, cout])); // [Cout, m]
          const taps: tf.Tensor2D[] = [];
          for (let i = 0; i < kh; i++) {
            for (let j = 0; j < kw; j++) {
              const phase = (i % s) * s + (j % s);
              const offset = ((r0 + Math.floor(i / s)) * wq + Math.floor(j / s)) * cin;
              const tap = tf.slice(flat, [phase * n + n0, offset], [nb, rows * wq * cin]); // nb contiguous runs
              taps.push(tf.matMul(dyT, tf.reshape(tap, [m, cin]))); // [Cout, Cin]
            }
          }
          return tf.stack(taps); // [kh·kw, Cout, Cin]
        });
        if (sum) {
          const next: tf.Tensor = tf.add(sum, chunk);
          tf.dispose([sum, chunk]);
          sum = next;
        } else {
          sum = chunk;
        }
      }
    }
    return tf.transpose(tf.reshape(sum!, [kh, kw, cout, cin]), [0, 1, 3, 2]) as tf.Tensor4D;
  });
}

/** Inserts s-1 zeros after every row and column: [N, oH, oW, C] -> [N, oH·s, oW·s, C]. */
function zeroInsert(dy: tf.Tensor4D, s: number): tf.Tensor4D {
  const [n, oh, ow, c] = dy.shape;
  const cols = tf.reshape(tf.pad(tf.reshape(dy, [n, oh, ow, 1, c]), [[0, 0], [0, 0], [0, 0], [0, s - 1], [0, 0]]), [n, oh, ow * s, c]);
  return tf.reshape(tf.pad(tf.reshape(cols, [n, oh, 1, ow * s, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, 0]]), [n, oh * s, ow * s, c]);
}

/**
 * dx [N, H, W, Cin] from dy [N, oH, oW, Cout] and the filter [kh, kw, Cin, Cout]:
 * the transposed convolution as a forward one, dx = conv2d(pad(zeroInsert(dy)), W
 * rotated by 180° with Cin and Cout swapped), stride 1, valid.
 */
export function conv2dBackpropInputFromOps(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DBackpropInputAttrs): tf.Tensor4D {
  const [n, h, w, cin] = attrs.inputShape;
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  if (sh !== sw) throw new Error('conv2dBackpropInputFromOps: unequal strides are not supported');
  const s = sh;
  const { top, left } = info.padInfo;
  return tf.tidy(() => {
    const spread = s > 1 ? zeroInsert(dy, s) : dy; // [N, oH·s, oW·s, Cout]
    // dx[y] = Σ_i spread[y + top - i] W[i]: a valid correlation of `spread` padded by
    // kh-1-top in front, with the flipped filter; pad or crop the end to H + kh - 1 rows.
    const pt = kh - 1 - top;
    const pl = kw - 1 - left;
    const pb = h + kh - 1 - pt - spread.shape[1];
    const pr = w + kw - 1 - pl - spread.shape[2];
    let d = tf.pad(spread, [[0, 0], [Math.max(pt, 0), Math.max(pb, 0)], [Math.max(pl, 0), Math.max(pr, 0)], [0, 0]]);
    if (pt < 0 || pl < 0 || pb < 0 || pr < 0) {
      d = tf.slice(d, [0, Math.max(-pt, 0), Math.max(-pl, 0), 0], [n, h + kh - 1, w + kw - 1, d.shape[3]]);
    }
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D; // [kh, kw, Cout, Cin]
    const dx = tf.conv2d(d as tf.Tensor4D, flipped, 1, 'valid');
    if (dx.shape[3] !== cin) throw new Error('conv2dBackpropInputFromOps: channel mismatch');
    return dx;
  });
}

const originalInput = { kernel: null as KernelFunc | null };

function filterKernel({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: Backend; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error("Conv2DBackpropFilter (wasm): only 'NHWC' is supported");
  const x = borrow(inputs.x, backend) as tf.Tensor4D;
  const dy = borrow(inputs.dy, backend) as tf.Tensor4D;
  try {
    return release(conv2dBackpropFilterFromOps(x, dy, attrs), backend);
  } finally {
    x.dispose();
    dy.dispose();
  }
}

function inputKernel(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: Backend; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const stride = typeof attrs.strides === 'number' ? attrs.strides : attrs.strides[0];
  const square = typeof attrs.strides === 'number' || attrs.strides[0] === attrs.strides[1];
  if (attrs.dataFormat === 'NCHW' || !square || (stride > 1 && attrs.inputShape[3] < 8)) {
    return originalInput.kernel!(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const dy = borrow(inputs.dy, backend) as tf.Tensor4D;
  const filter = borrow(inputs.filter, backend) as tf.Tensor4D;
  try {
    return release(conv2dBackpropInputFromOps(dy, filter, attrs), backend);
  } finally {
    dy.dispose();
    filter.dispose();
  }
}

/** Registers both kernels for 'wasm' (idempotent); call after importing the WASM backend. */
export function registerWasmConvKernels(): void {
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: filterKernel as unknown as KernelFunc });
  }
  const current = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (current && current.kernelFunc !== (inputKernel as unknown as KernelFunc)) {
    originalInput.kernel = current.kernelFunc;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
    // Keep the original's setup (it binds its WASM function when the backend starts): the
    // fallback path still calls it.
    tf.registerKernel({
      kernelName: 'Conv2DBackpropInput',
      backendName: 'wasm',
      kernelFunc: inputKernel as unknown as KernelFunc,
      setupFunc: current.setupFunc,
      disposeFunc: current.disposeFunc,
    } as KernelConfig);
  }
}
