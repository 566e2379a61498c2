import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackpropFilterFromOps,
  conv2dBackpropInputSubPixel,
  conv2dBackpropInputZeroInsert,
  registerWasmConvKernels,
} from '../../../model/backend/wasm-conv-kernels';
import { filterGradByConv } from '../../../model/ops/conv-filter-grad';

beforeAll(() => {
  registerWasmConvKernels();
});

type Pad = 'same' | 'valid' | number;
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  stride: number;
  pad: Pad;
}

/** Runs `f` on a backend (inputs made inside from fixed seeds); returns plain arrays. */
async function on(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<number[][]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(f);
  const list = Array.isArray(outs) ? outs : [outs];
  const values = await Promise.all(list.map(async (t) => Array.from(await t.data())));
  tf.dispose(list);
  return values;
}

function maxDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
}

const maxAbs = (a: number[]) => Math.max(...a.map(Math.abs));

// Square and odd sizes, strides 1 and 2, every padding kind, a non-square kernel, 1x1,
// and a case with enough input channels to take the fast input-gradient path at stride 2.
const cases: Case[] = [
  { x: [2, 8, 8, 3], k: [3, 3], cout: 4, stride: 1, pad: 'same' },
  { x: [2, 9, 7, 3], k: [3, 3], cout: 5, stride: 2, pad: 'same' },
  { x: [1, 10, 11, 9], k: [3, 3], cout: 3, stride: 2, pad: 'valid' },
  { x: [3, 6, 6, 4], k: [1, 1], cout: 6, stride: 1, pad: 'valid' },
  { x: [1, 7, 7, 2], k: [5, 3], cout: 2, stride: 1, pad: 1 },
  { x: [2, 12, 10, 16], k: [3, 3], cout: 8, stride: 2, pad: 'same' },
  { x: [1, 9, 9, 8], k: [4, 4], cout: 4, stride: 2, pad: 'same' },
  // The transposed conv8_1 (4x4, stride 2) and a stride-2 3x3 layer: sub-pixel dx, conv-form dW.
  { x: [2, 8, 8, 6], k: [4, 4], cout: 5, stride: 2, pad: 'same' },
  { x: [3, 12, 8, 7], k: [3, 3], cout: 9, stride: 2, pad: 'same' },
  { x: [2, 12, 9, 3], k: [3, 3], cout: 4, stride: 3, pad: 'valid' },
  // Larger than FILTER_GRAD_CHUNK_ROWS output positions: bands of rows, and groups of images.
  { x: [1, 190, 180, 2], k: [3, 3], cout: 2, stride: 1, pad: 'same' },
  { x: [3, 120, 120, 1], k: [3, 3], cout: 2, stride: 1, pad: 'same' },
];

/** dy's shape from the shape rules (not from a forward conv: tfjs's own wasm Conv2D
 * corrupts memory for explicit padding with a non-square kernel, seen in 4.22). */
function outShape(c: Case): [number, number, number, number] {
  const info = tf.backend_util.computeConv2DInfo(c.x, [c.k[0], c.k[1], c.x[3], c.cout], c.stride, 1, c.pad);
  return [c.x[0], info.outHeight, info.outWidth, c.cout];
}

describe('wasm backward-convolution kernels (built from ops)', () => {
  it.each(cases)('Conv2DBackpropFilter equals the cpu kernel: %j', async (c) => {
    const filterShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
    const run = () =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: tf.randomNormal(c.x, 0, 1, 'float32', 11), dy: tf.randomNormal(outShape(c), 0, 1, 'float32', 12) },
        { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    const [cpu] = await on('cpu', run);
    const [wasm] = await on('wasm', run);
    expect(maxAbs(cpu)).toBeGreaterThan(0.5);
    expect(maxDiff(wasm, cpu)).toBeLessThan(1e-4 * maxAbs(cpu));
  });

  it.each(cases)('Conv2DBackpropInput equals the cpu kernel: %j', async (c) => {
    const run = () =>
      tf.engine().runKernel(
        'Conv2DBackpropInput',
        { dy: tf.randomNormal(outShape(c), 0, 1, 'float32', 13), filter: tf.randomNormal([c.k[0], c.k[1], c.x[3], c.cout], 0, 1, 'float32', 14) },
        { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    const [cpu] = await on('cpu', run);
    const [wasm] = await on('wasm', run);
    expect(maxAbs(cpu)).toBeGreaterThan(0.5);
    expect(maxDiff(wasm, cpu)).toBeLessThan(1e-4 * maxAbs(cpu));
  });

  it.each(cases)('the two dW forms (taps and matMuls; one convolution, batch in the channels) agree: %j', async (c) => {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const x = tf.randomNormal(c.x, 0, 1, 'float32', 15) as tf.Tensor4D;
      const dy = tf.randomNormal(outShape(c), 0, 1, 'float32', 16) as tf.Tensor4D;
      const filterShape: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
      const taps = conv2dBackpropFilterFromOps(x, dy, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape } as tf.Conv2DBackpropFilterAttrs);
      const conv = filterGradByConv(x, dy, c.k[0], c.k[1], { strides: c.stride, dilations: 1, pad: c.pad });
      const ref = Array.from(taps.dataSync());
      expect(maxAbs(ref)).toBeGreaterThan(0.5);
      expect(maxDiff(Array.from(conv.dataSync()), ref)).toBeLessThan(1e-4 * maxAbs(ref)); // float32 sums of up to 43,200 products, in another order
    });
  });

  it.each(cases.filter((c) => c.x[1] % c.stride === 0 && c.x[2] % c.stride === 0))('the two dx forms (zero insertion; sub-pixel phases) agree: %j', async (c) => {
    await tf.setBackend('wasm');
    tf.tidy(() => {
      const dy = tf.randomNormal(outShape(c), 0, 1, 'float32', 17) as tf.Tensor4D;
      const filter = tf.randomNormal([c.k[0], c.k[1], c.x[3], c.cout], 0, 1, 'float32', 18) as tf.Tensor4D;
      const attrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: c.x } as tf.Conv2DBackpropInputAttrs;
      const zero = Array.from(conv2dBackpropInputZeroInsert(dy, filter, attrs).dataSync());
      const sub = conv2dBackpropInputSubPixel(dy, filter, attrs);
      expect(sub).not.toBeNull();
      expect(maxAbs(zero)).toBeGreaterThan(0.5);
      expect(maxDiff(Array.from(sub!.dataSync()), zero)).toBeLessThan(1e-4 * maxAbs(zero));
    });
  });

  it('gives the cpu gradients for a fused conv + transposed conv step, without leaking', async () => {
    const grads = () => {
      const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 21) as tf.Tensor4D;
      const w1 = tf.randomNormal([3, 3, 3, 12], 0, 0.5, 'float32', 22) as tf.Tensor4D;
      const b1 = tf.randomNormal([12], 0, 0.5, 'float32', 23) as tf.Tensor1D;
      const w2 = tf.randomNormal([4, 4, 2, 12], 0, 0.5, 'float32', 24) as tf.Tensor4D;
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => {
        const h = tf.fused.conv2d({ x, filter: a as tf.Tensor4D, strides: 2, pad: 'same', bias: b, activation: 'relu' }); // [2,4,4,12]
        const up = tf.conv2dTranspose(h, c as tf.Tensor4D, [2, 8, 8, 2], 2, 'same'); // [2,8,8,2]
        return tf.sum(tf.square(up));
      };
      return tf.grads(f)([w1, b1, w2]);
    };
    const cpu = await on('cpu', grads);
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const wasm = await on('wasm', grads);
    expect(tf.memory().numTensors).toBe(before);
    cpu.forEach((g, i) => expect(maxDiff(wasm[i], g)).toBeLessThan(1e-4 * maxAbs(g)));
  });

  it('frees its intermediate WASM memory', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 16, 16, 8]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 8, 8]) as tf.Tensor4D;
    const step = () =>
      tf.tidy(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same')))([x, w])).forEach((t) => t.dispose());
    step();
    const ids = tf.backend().numDataIds();
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 3; i++) step();
    expect(tf.backend().numDataIds()).toBe(ids);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([x, w]);
  });
});
