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
 * dW is one convolution with the batch in the channel slot (model/ops/conv-filter-grad.ts;
 * at batch 1, kh·kw slices and matMuls); dx is s² sub-pixel convolutions with the phases'
 * taps of the rotated kernel. Both are exact rewrites (sums of the same products), so they
 * agree with the CPU backend to float rounding; cases they do not cover (NCHW, unequal
 * strides, and dx for sizes that do not divide by the stride with fewer than 8 input
 * channels, where zero insertion costs more than it saves) go to tfjs's own kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { Conv2DBackpropFilterAttrs, Conv2DBackpropInputAttrs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { filterGradByConv } from '../ops/conv-filter-grad';
import { flipKernel } from '../ops/flip-kernel';

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
 * rotated by 180° with Cin and Cout swapped), stride 1, valid. Used where the sub-pixel
 * form below does not apply (H or W not a multiple of the stride).
 */
export function conv2dBackpropInputZeroInsert(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DBackpropInputAttrs): tf.Tensor4D {
  const [n, h, w, cin] = attrs.inputShape;
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  const { filterHeight: kh, filterWidth: kw, strideHeight: s } = info;
  const { top, left } = info.padInfo;
  return tf.tidy(() => {
    const spread = s > 1 ? zeroInsert(dy, s) : dy; // [N, oH·s, oW·s, Cout]
    // dx[y] = Σ_i spread[y + top - i] W[i]: a valid correlation of `spread` padded by
    // kh-1-top in front, with the flipped filter; pad or crop the end to H + kh - 1 rows.
    const d = padOrCrop(spread, kh - 1 - top, kw - 1 - left, h + kh - 1, w + kw - 1);
    const dx = tf.conv2d(d, flipKernel(filter), 1, 'valid');
    if (dx.shape[3] !== cin || dx.shape[0] !== n) throw new Error('conv2dBackpropInputZeroInsert: shape mismatch');
    return dx;
  });
}

/** Pads (or, for negative amounts, crops) rows and columns: `front` before, and the end to `rows` x `cols` in all. */
function padOrCrop(t: tf.Tensor4D, frontRows: number, frontCols: number, rows: number, cols: number): tf.Tensor4D {
  const [n, h, w, c] = t.shape;
  const endRows = rows - frontRows - h;
  const endCols = cols - frontCols - w;
  let d: tf.Tensor4D = t;
  if (frontRows > 0 || frontCols > 0 || endRows > 0 || endCols > 0) {
    d = tf.pad(t, [[0, 0], [Math.max(frontRows, 0), Math.max(endRows, 0)], [Math.max(frontCols, 0), Math.max(endCols, 0)], [0, 0]]);
  }
  if (frontRows < 0 || frontCols < 0 || endRows < 0 || endCols < 0) {
    d = tf.slice(d, [0, Math.max(-frontRows, 0), Math.max(-frontCols, 0), 0], [n, rows, cols, c]);
  }
  return d;
}

/** One output phase of the sub-pixel form along one axis: its first tap, tap count and dy offset. */
function phaseTaps(phase: number, pad: number, k: number, s: number): { first: number; count: number; shift: number } {
  const first = (((phase + pad) % s) + s) % s;
  const count = first < k ? Math.ceil((k - first) / s) : 0;
  return { first, count, shift: (phase + pad - first) / s };
}

/**
 * dx as s² sub-pixel convolutions (the transposed convolution without zero insertion):
 * output pixel y = s·a + p only meets the taps i ≡ p + top (mod s), i = i0 + s·t, at
 * dy[a + (p + top - i0)/s - t]. So each phase (p, q) of dx is a valid forward convolution
 * of dy (shifted by padding) with the taps of that phase rotated by 180°, and a
 * depth-to-space interleaves the phases. Zero insertion multiplies by s² more zeros than it
 * does products. Returns null where it does not apply (H or W not a multiple of s, or a
 * phase with no taps).
 */
export function conv2dBackpropInputSubPixel(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DBackpropInputAttrs): tf.Tensor4D | null {
  const [n, h, w, cin] = attrs.inputShape;
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  const { filterHeight: kh, filterWidth: kw, strideHeight: s, outHeight: oh, outWidth: ow } = info;
  const { top, left } = info.padInfo;
  if (h % s !== 0 || w % s !== 0) return null;
  const rows = Array.from({ length: s }, (_, p) => phaseTaps(p, top, kh, s));
  const cols = Array.from({ length: s }, (_, q) => phaseTaps(q, left, kw, s));
  if (rows.some((r) => r.count === 0) || cols.some((c) => c.count === 0)) return null;
  const hp = h / s;
  const wp = w / s;
  return tf.tidy(() => {
    const phases: tf.Tensor4D[] = [];
    for (const r of rows) {
      for (const c of cols) {
        // Result tap (t', u') is kernel tap (i0 + s(T-1-t'), j0 + s(U-1-u')): rotated.
        const index: number[] = [];
        for (let t = 0; t < r.count; t++) for (let u = 0; u < c.count; u++) index.push((r.first + s * (r.count - 1 - t)) * kw + c.first + s * (c.count - 1 - u));
        const kernel = flipKernel(filter, { rows: r.count, cols: c.count, index }); // [T, U, Cout, Cin]
        const d = padOrCrop(dy, r.count - 1 - r.shift, c.count - 1 - c.shift, hp + r.count - 1, wp + c.count - 1);
        phases.push(tf.conv2d(d, kernel, 1, 'valid')); // [N, H/s, W/s, Cin]
      }
    }
    if (s === 1) return phases[0];
    // Interleave: phase (p, q) at [s·a + p, s·b + q]. tf.depthToSpace does this, but its WASM
    // kernel is 30x slower than the reshape-transpose-reshape (one 4-D transpose).
    const stacked = tf.reshape(tf.concat(phases, 3), [n * hp, wp, s, s * cin]); // [N·H/s, W/s, p, (q, Cin)]
    const dx = tf.reshape(tf.transpose(stacked, [0, 2, 1, 3]), [n, h, w, cin]) as tf.Tensor4D;
    if (dx.shape[1] !== h || dx.shape[2] !== w || dx.shape[3] !== cin || dx.shape[0] !== n || dy.shape[1] !== oh || dy.shape[2] !== ow) {
      throw new Error('conv2dBackpropInputSubPixel: shape mismatch');
    }
    return dx;
  });
}

/** dx by the sub-pixel form, or zero insertion where that does not apply. */
export function conv2dBackpropInputFromOps(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: Conv2DBackpropInputAttrs): tf.Tensor4D {
  const info = convInfo(attrs.inputShape, filter.shape, attrs);
  if (info.strideHeight !== info.strideWidth) throw new Error('conv2dBackpropInputFromOps: unequal strides are not supported');
  return conv2dBackpropInputSubPixel(dy, filter, attrs) ?? conv2dBackpropInputZeroInsert(dy, filter, attrs);
}

/**
 * Below this batch the taps-and-matMuls form wins: the convolution form sums one channel
 * per tap at batch 1 (measured on a [1, 56, 56, 256] layer: 0.95 s against 0.80 s).
 */
export const FILTER_GRAD_CONV_MIN_BATCH = 2;

/** dW by the convolution form (conv-filter-grad.ts) from batch 2 on, else by taps and matMuls. */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: Conv2DBackpropFilterAttrs): tf.Tensor4D {
  const [kh, kw] = attrs.filterShape;
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  if (x.shape[0] < FILTER_GRAD_CONV_MIN_BATCH || info.strideHeight !== info.strideWidth) return conv2dBackpropFilterFromOps(x, dy, attrs);
  return filterGradByConv(x, dy, kh, kw, { strides: info.strideHeight, dilations: 1, pad: attrs.pad, dimRoundingMode: attrs.dimRoundingMode });
}

const originalInput = { kernel: null as KernelFunc | null };

function filterKernel({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: Backend; attrs: Conv2DBackpropFilterAttrs }): TensorInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error("Conv2DBackpropFilter (wasm): only 'NHWC' is supported");
  const x = borrow(inputs.x, backend) as tf.Tensor4D;
  const dy = borrow(inputs.dy, backend) as tf.Tensor4D;
  try {
    return release(conv2dBackpropFilter(x, dy, attrs), backend);
  } finally {
    x.dispose();
    dy.dispose();
  }
}

function inputKernel(args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: Backend; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const stride = typeof attrs.strides === 'number' ? attrs.strides : attrs.strides[0];
  const square = typeof attrs.strides === 'number' || attrs.strides[0] === attrs.strides[1];
  const [, h, w, cin] = attrs.inputShape;
  const subPixel = h % stride === 0 && w % stride === 0;
  // Zero insertion at stride > 1 costs s² times the products: worth it only with enough channels.
  if (attrs.dataFormat === 'NCHW' || !square || (stride > 1 && !subPixel && cin < 8)) {
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
