/**
 * The GPU benchmark's measurements, shared by the device entry (scripts/gpu/entry.ts, on
 * the GPU machine through WebGPU) and `npm run bench:gpu -- --local` (here, on whatever
 * backend is available). Every figure is measured in the same process, ours against
 * tfjs's own kernels (setFastWebgpuKernelsEnabled(false)), so ratios compare like with like.
 *
 *   matMul     n^3 TFLOP/s for each tiling of our product, and tfjs's matMul
 *   convs      the network's own convolution calls (forward, input and filter gradient),
 *              recorded from one training step and replayed one by one: TFLOP/s each
 *   network    forward and training images/s of each variant
 *   profile    per-kernel GPU time of one training step (where the time goes next)
 * TFLOP/s count 2·M·N·K multiply-adds of the dense product (for convolutions the forward
 * count, also for their gradients, as cuDNN benchmarks do).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';
import { computeAbBins } from '../../model/color/bins';
import { resolveConfig, type RunConfig } from '../../model/config';
import { ColorizerNet, netSpecOf } from '../../model/nets/colorizer';
import { Adam } from '../../model/train/adam';
import type { LossContext, TensorBatch } from '../../model/train/objective';
import { trainStep } from '../../model/train/step';
import {
  TILINGS, recordKernelCalls, setFastWebgpuKernelsEnabled, setGemmOptions, type KernelCall,
} from '../../model/webgpu/index';

export interface BenchOptions {
  preset: string;
  variants: string[];
  batch: number;
  /** side of the square input; the preset's size when omitted */
  size?: number;
  matmulSize: number;
  /** timed repetitions (each figure is the mean over them, after one warm-up) */
  reps: number;
  /** fewer repetitions for tfjs's own (slow) kernels */
  baselineReps: number;
  /** also measure tfjs's own kernels (only meaningful on 'webgpu' with ours registered) */
  compareTfjs: boolean;
  log: (line: string) => void;
}

export interface Rate {
  ours: number;
  tfjs?: number;
}

export interface ConvFigure {
  kernel: string;
  inputs: Record<string, number[]>;
  attrs: NamedAttrMap;
  gflop: number;
  /** TFLOP/s */
  ours: number;
  tfjs?: number;
  calls: number;
  /** max |ours - tfjs| / max |tfjs| on this device (when tfjs's kernel was run) */
  mismatch?: number;
}

export interface NetworkFigure {
  variant: string;
  batch: number;
  size: number;
  parameters: number;
  /** images/s */
  forward: Rate;
  train: Rate;
  /** loss of the timed steps (the same data each step: should fall) */
  losses: number[];
  /** forward output, max |ours - tfjs| / max |tfjs| on this device */
  forwardMismatch?: number;
}

export interface BenchResult {
  backend: string;
  preset: string;
  /** tilings: TFLOP/s of each; mismatch: max |ours - tfjs| / max |tfjs| of each (0 rate if wrong) */
  matmul: { n: number; tilings: Record<string, number>; mismatch: Record<string, number>; best: string; tfjs?: number };
  convs: ConvFigure[];
  networks: NetworkFigure[];
  /** what failed (e.g. out of GPU memory) without stopping the rest */
  errors: string[];
  profile: Array<{ kernel: string; ms: number; calls: number }>;
  /** the network's layers, for the PyTorch reference */
  layers: Record<string, unknown>;
}

const isWebgpu = () => tf.getBackend() === 'webgpu';

/** Waits until the GPU has finished everything queued so far (no readback). */
export async function gpuSync(last?: tf.Tensor): Promise<void> {
  if (isWebgpu()) {
    // tfjs batches dispatches into an open pass and encoder: close and submit them as its
    // own readbacks do, then wait for the queue.
    // (WebGPUBackend declares these private.)
    const b = tf.backend() as unknown as {
      commandEncoder: GPUCommandEncoder | null; endComputePassEncoder(): void; submitQueue(): void; device: GPUDevice;
    };
    if (b.commandEncoder) {
      b.endComputePassEncoder();
      b.submitQueue();
    }
    await b.device.queue.onSubmittedWorkDone();
  } else if (last) {
    await last.data();
  }
}

/** Mean seconds of `reps` runs of `f` after one warm-up run (shader compiles, buffer pools). */
async function seconds(f: () => tf.Tensor, reps: number): Promise<number> {
  tf.dispose(f());
  await gpuSync();
  const t0 = performance.now();
  let last: tf.Tensor | undefined;
  for (let i = 0; i < reps; i++) {
    tf.dispose(last);
    last = f();
  }
  await gpuSync(last);
  const dt = (performance.now() - t0) / 1000 / reps;
  tf.dispose(last);
  return dt;
}

/** Measures with our kernels and, if asked, with tfjs's own; leaves ours enabled. */
async function both(f: () => tf.Tensor, o: BenchOptions): Promise<{ ours: number; tfjs?: number }> {
  const ours = await seconds(f, o.reps);
  if (!o.compareTfjs) return { ours };
  setFastWebgpuKernelsEnabled(false);
  try {
    return { ours, tfjs: await seconds(f, o.baselineReps) };
  } finally {
    setFastWebgpuKernelsEnabled(true);
  }
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Three significant digits (rates here span 1e-4 on a CPU driver to 1e2 on a GPU). */
export const fmt = (x: number | undefined): string => (x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toPrecision(3));

/** Dense multiply-add count of a recorded call (the forward count for conv gradients). */
export function flopsOf(call: KernelCall): number {
  const i = call.inputs;
  switch (call.name) {
    case 'Conv2D':
    case 'FusedConv2D': {
      const [fh, fw, ci, co] = i.filter;
      const info = tf.backend_util.computeConv2DInfo(i.x as [number, number, number, number], [fh, fw, ci, co],
        call.attrs.strides as number, call.attrs.dilations as number, call.attrs.pad as 'same');
      return 2 * prod(info.outShape) * fh * fw * ci;
    }
    case 'Conv2DBackpropInput': {
      const [fh, fw, ci] = i.filter;
      return 2 * prod(i.dy) * fh * fw * ci;
    }
    case 'Conv2DBackpropFilter': {
      const [fh, fw, ci] = call.attrs.filterShape as number[];
      return 2 * prod(i.dy) * fh * fw * ci;
    }
    default: {
      // BatchMatMul / _FusedMatMul
      const a = i.a;
      const b = i.b;
      const ta = Boolean(call.attrs.transposeA);
      const tb = Boolean(call.attrs.transposeB);
      const m = ta ? a[a.length - 1] : a[a.length - 2];
      const k = ta ? a[a.length - 2] : a[a.length - 1];
      const n = tb ? b[b.length - 2] : b[b.length - 1];
      return 2 * Math.max(prod(a.slice(0, -2)), prod(b.slice(0, -2))) * m * n * k;
    }
  }
}

/** max |a - b| / max |b|: how far our result is from tfjs's on the same device. */
async function mismatch(ours: tf.Tensor, ref: tf.Tensor): Promise<number> {
  const r = tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(ours, ref))), tf.maximum(tf.max(tf.abs(ref)), 1e-30)));
  const v = (await r.data())[0];
  r.dispose();
  return v;
}

/** Runs `f` with tfjs's own kernels. */
function withTfjs<T>(f: () => T): T {
  setFastWebgpuKernelsEnabled(false);
  try {
    return f();
  } finally {
    setFastWebgpuKernelsEnabled(true);
  }
}

async function benchMatmul(o: BenchOptions): Promise<BenchResult['matmul']> {
  const n = o.matmulSize;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const flops = 2 * n ** 3;
  const tilings: Record<string, number> = {};
  const mism: Record<string, number> = {};
  let best = 'large';
  if (isWebgpu()) {
    // Each tiling is checked against tfjs's product first: a shader the driver rejects
    // (e.g. too much workgroup memory) runs "fast" and wrong, and must not win.
    const ref = withTfjs(() => tf.matMul(a, b));
    for (const name of Object.keys(TILINGS)) {
      if (name.startsWith('small') || name === 'tall') continue; // for small or narrow products only
      setGemmOptions({ tiling: name });
      const c = tf.matMul(a, b);
      mism[name] = await mismatch(c, ref);
      c.dispose();
      const ok = mism[name] < 1e-4;
      tilings[name] = ok ? flops / (await seconds(() => tf.matMul(a, b), o.reps)) / 1e12 : 0;
      o.log(`matMul ${n}^3 ours (${name}): ${fmt(tilings[name])} TFLOP/s${ok ? '' : ` WRONG (mismatch ${mism[name]})`}`);
      if (tilings[name] > (tilings[best] ?? 0)) best = name;
    }
    ref.dispose();
    setGemmOptions({ tiling: best });
  }
  let tfjs: number | undefined;
  if (o.compareTfjs || !isWebgpu()) {
    setFastWebgpuKernelsEnabled(false);
    tfjs = flops / (await seconds(() => tf.matMul(a, b), o.baselineReps)) / 1e12;
    setFastWebgpuKernelsEnabled(true);
    o.log(`matMul ${n}^3 tfjs (${tf.getBackend()}): ${fmt(tfjs)} TFLOP/s`);
  }
  // Later products: the per-shape choice, with the fastest tiling for the big ones.
  setGemmOptions(isWebgpu() ? { largeTiling: best } : {});
  tf.dispose([a, b]);
  return { n, tilings, mismatch: mism, best, tfjs };
}

function lossContext(config: RunConfig): LossContext {
  const bins = computeAbBins();
  // Uniform rebalancing weights: the same work as Zhang's (timing only).
  return { config, bins, colourWeights: new Float32Array(bins.Q).fill(1), gradientPrior: null };
}

/** A synthetic Lab batch (L 0..100, ab ±60), the same every step. */
function syntheticBatch(n: number, size: number, seed: number): TensorBatch {
  return tf.tidy(() => {
    const L = tf.randomUniform([n, size, size, 1], 0, 100, 'float32', seed);
    const ab = tf.randomUniform([n, size, size, 2], -60, 60, 'float32', seed + 1);
    return { lab: tf.concat([L, ab], 3) as tf.Tensor4D };
  });
}

async function stepsPerSecond(
  net: ColorizerNet, adam: Adam, batch: TensorBatch, ctx: LossContext, steps: number, losses: number[],
): Promise<number> {
  losses.push((await trainStep(net, adam, batch, ctx)).loss); // warm-up
  await gpuSync();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) losses.push((await trainStep(net, adam, batch, ctx)).loss);
  await gpuSync();
  return steps / ((performance.now() - t0) / 1000);
}

async function benchNetwork(variant: string, o: BenchOptions, calls: KernelCall[] | null): Promise<{
  figure: NetworkFigure; layers: unknown; profile: BenchResult['profile'];
}> {
  const config = resolveConfig(o.preset, { variant, batch: o.batch, ...(o.size ? { size: o.size } : {}) });
  const ctx = lossContext(config);
  const net = new ColorizerNet(netSpecOf(config, ctx.bins.Q), config.seed);
  const adam = new Adam({ lr: config.lr, beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay });
  const batch = syntheticBatch(o.batch, config.size, 7);
  const lNorm = tf.tidy(() => tf.div(tf.sub(tf.slice(batch.lab, [0, 0, 0, 0], [-1, -1, -1, 1]), 50), 100)) as tf.Tensor4D;
  const forward = () => tf.tidy(() => {
    const out = net.forward(lNorm, { training: false });
    return out.refinedLogits ?? out.logits ?? out.abNormalised!;
  });
  const fwd = await both(forward, o);
  let forwardMismatch: number | undefined;
  if (o.compareTfjs) {
    const ours = forward();
    const ref = withTfjs(forward);
    forwardMismatch = await mismatch(ours, ref);
    tf.dispose([ours, ref]);
  }
  const losses: number[] = [];
  // Record the convolution calls of one training step (the shapes the convs bench replays).
  if (calls) {
    const rec = recordKernelCalls(true);
    await trainStep(net, adam, batch, ctx);
    recordKernelCalls(false);
    calls.push(...rec);
  }
  const trainOurs = await stepsPerSecond(net, adam, batch, ctx, o.reps, losses);
  let trainTfjs: number | undefined;
  if (o.compareTfjs) {
    setFastWebgpuKernelsEnabled(false);
    trainTfjs = await stepsPerSecond(net, adam, batch, ctx, o.baselineReps, []);
    setFastWebgpuKernelsEnabled(true);
  }
  // One profiled step: GPU time per kernel (timestamp queries where the adapter has them).
  let profile: BenchResult['profile'] = [];
  if (isWebgpu()) {
    try {
      const info = await tf.profile(async () => { await trainStep(net, adam, batch, ctx); });
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        byName.set(k.name, { ms: e.ms + ms, calls: e.calls + 1 });
      }
      profile = [...byName].map(([kernel, v]) => ({ kernel, ...v })).sort((x, y) => y.ms - x.ms);
    } catch (e) {
      o.log(`profile skipped: ${(e as Error).message}`);
    }
  }
  const layers = { baseline: net.baseline, coherent: net.coherent, Q: ctx.bins.Q, variant, size: config.size };
  const figure: NetworkFigure = {
    variant, batch: o.batch, size: config.size, parameters: net.countParameters(),
    forward: { ours: o.batch / fwd.ours, tfjs: fwd.tfjs ? o.batch / fwd.tfjs : undefined },
    train: { ours: trainOurs * o.batch, tfjs: trainTfjs ? trainTfjs * o.batch : undefined },
    losses,
    forwardMismatch,
  };
  tf.dispose([lNorm, batch.lab]);
  adam.dispose?.();
  net.dispose();
  return { figure, layers, profile };
}

/** Replays each distinct recorded call with random inputs of its shapes. */
async function benchConvs(calls: KernelCall[], o: BenchOptions): Promise<ConvFigure[]> {
  const distinct = new Map<string, ConvFigure & { call: KernelCall }>();
  for (const c of calls) {
    if (!c.name.startsWith('Conv2D') && c.name !== 'FusedConv2D') continue;
    const key = JSON.stringify([c.name, c.inputs, c.attrs]);
    const e = distinct.get(key);
    if (e) e.calls++;
    else distinct.set(key, { kernel: c.name, inputs: c.inputs, attrs: c.attrs, gflop: flopsOf(c) / 1e9, ours: 0, calls: 1, call: c });
  }
  const out: ConvFigure[] = [];
  for (const e of distinct.values()) {
    const inputs: Record<string, tf.Tensor> = {};
    for (const [k, s] of Object.entries(e.call.inputs)) inputs[k] = tf.randomUniform(s, -1, 1, 'float32', 3);
    const run = () => tf.engine().runKernel(e.kernel, inputs, e.call.attrs) as tf.Tensor;
    let diff: number | undefined;
    if (o.compareTfjs) {
      const ours = run();
      const ref = withTfjs(run);
      diff = await mismatch(ours, ref);
      tf.dispose([ours, ref]);
    }
    const t = await both(run, o);
    const rate = (s: number) => (e.gflop / 1e3) / s;
    const fig: ConvFigure = {
      kernel: e.kernel, inputs: e.inputs, attrs: e.attrs, gflop: e.gflop, calls: e.calls,
      ours: rate(t.ours), tfjs: t.tfjs ? rate(t.tfjs) : undefined, mismatch: diff,
    };
    o.log(`${fig.kernel} ${JSON.stringify(fig.inputs)} s=${JSON.stringify(fig.attrs.strides)}: ours ${fmt(fig.ours)}` +
      (fig.tfjs ? `, tfjs ${fmt(fig.tfjs)}` : '') + ' TFLOP/s' + (diff !== undefined ? `, mismatch ${diff.toExponential(1)}` : ''));
    out.push(fig);
    tf.dispose(Object.values(inputs));
  }
  return out;
}

export async function runBenchmark(o: BenchOptions): Promise<BenchResult> {
  const result: BenchResult = {
    backend: tf.getBackend(), preset: o.preset, matmul: await benchMatmul(o), convs: [], networks: [], errors: [], profile: [], layers: {},
  };
  const calls: KernelCall[] = [];
  for (const variant of o.variants) {
    o.log(`network ${variant} (${o.preset}, batch ${o.batch})...`);
    let measured: Awaited<ReturnType<typeof benchNetwork>>;
    try {
      measured = await benchNetwork(variant, o, isWebgpu() && variant === o.variants[0] ? calls : null);
    } catch (e) {
      // One variant failing (e.g. GPU memory at full size) must not lose the others.
      const msg = `network ${variant}: ${(e as Error).message}`;
      o.log(msg);
      result.errors.push(msg);
      setFastWebgpuKernelsEnabled(true);
      continue;
    }
    const { figure, layers, profile } = measured;
    result.networks.push(figure);
    result.layers[variant] = layers;
    if (variant === o.variants[0]) result.profile = profile;
    const f = figure;
    o.log(`  forward ${fmt(f.forward.ours)} img/s` + (f.forward.tfjs ? ` (tfjs ${fmt(f.forward.tfjs)})` : '') +
      `, train ${fmt(f.train.ours)} img/s` + (f.train.tfjs ? ` (tfjs ${fmt(f.train.tfjs)})` : ''));
  }
  if (calls.length) {
    try {
      result.convs = await benchConvs(calls, o);
    } catch (e) {
      result.errors.push(`convs: ${(e as Error).message}`);
      setFastWebgpuKernelsEnabled(true);
    }
  }
  return result;
}
