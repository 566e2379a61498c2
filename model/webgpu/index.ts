/**
 * Fast kernels for tfjs's 'webgpu' backend: matrix products and 2-D convolutions (forward,
 * input gradient, filter gradient) on one tiled WGSL product (see gemm-program.ts),
 * registered in place of tfjs's own. Each wrapper keeps tfjs's original kernel and hands
 * it every case it does not cover (NCHW, dilated backprop, prelu, int tensors...), so
 * registering never narrows what runs.
 *
 * Use: select the 'webgpu' backend (setupNodeWebgpu() in Node), then call
 * registerFastWebgpuKernels(). setFastWebgpuKernelsEnabled(false) routes every call back to
 * tfjs's kernels (the benchmark measures both in one process); fastKernelUsage() counts
 * which path each call took.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { fastBatchMatMul } from './kernels/batch-mat-mul';
import { fastConv2D } from './kernels/conv2d';
import { fastConv2DBackpropFilter } from './kernels/conv2d-backprop-filter';
import { fastConv2DBackpropInput } from './kernels/conv2d-backprop-input';

export { setupNodeWebgpu, type WebgpuSetup } from './node-setup';
export { setGemmOptions, getGemmOptions, type GemmOptions } from './run-gemm';
export { TILINGS } from './gemm-program';

type Inputs = Record<string, TensorInfo | undefined>;
type Ours = (backend: WebGPUBackend, inputs: Inputs, attrs: NamedAttrMap) => TensorInfo | null;

const FAST: Record<string, Ours> = {
  BatchMatMul: (backend, i, a) => fastBatchMatMul(backend, {
    a: i.a!, b: i.b!, transposeA: Boolean(a.transposeA), transposeB: Boolean(a.transposeB),
  }),
  _FusedMatMul: (backend, i, a) => fastBatchMatMul(backend, {
    a: i.a!, b: i.b!, transposeA: Boolean(a.transposeA), transposeB: Boolean(a.transposeB),
    bias: i.bias, activation: a.activation as string, preluActivationWeights: i.preluActivationWeights,
    leakyreluAlpha: a.leakyreluAlpha as number,
  }),
  Conv2D: (backend, i, a) => fastConv2D(backend, i.x!, i.filter!, a),
  FusedConv2D: (backend, i, a) => fastConv2D(backend, i.x!, i.filter!, a, i.bias, i.preluActivationWeights),
  Conv2DBackpropInput: (backend, i, a) => fastConv2DBackpropInput(backend, i.dy!, i.filter!, a),
  Conv2DBackpropFilter: (backend, i, a) => fastConv2DBackpropFilter(backend, i.x!, i.dy!, a),
};

export const FAST_KERNEL_NAMES = Object.keys(FAST);

let enabled = true;
let registered = false;

/** One call of a kernel we replace: input shapes and attributes (what a benchmark replays). */
export interface KernelCall {
  name: string;
  inputs: Record<string, number[]>;
  attrs: NamedAttrMap;
}

let recording: KernelCall[] | null = null;

/** Starts recording the calls of the replaced kernels (into the returned array), or stops. */
export function recordKernelCalls(on: boolean): KernelCall[] {
  recording = on ? [] : null;
  return recording ?? [];
}
const usage = { fast: {} as Record<string, number>, fallback: {} as Record<string, number> };

/** Calls per kernel since the last reset: on our kernels (`fast`) and handed to tfjs (`fallback`). */
export function fastKernelUsage(): { fast: Record<string, number>; fallback: Record<string, number> } {
  return { fast: { ...usage.fast }, fallback: { ...usage.fallback } };
}

export function resetFastKernelUsage(): void {
  usage.fast = {};
  usage.fallback = {};
}

/** Routes calls to our kernels (true, the default after registering) or to tfjs's own. */
export function setFastWebgpuKernelsEnabled(on: boolean): void {
  enabled = on;
}

function wrap(name: string, original: KernelConfig): KernelConfig {
  const ours = FAST[name];
  const kernelFunc: KernelFunc = (args) => {
    if (recording) {
      const inputs: Record<string, number[]> = {};
      for (const [k, t] of Object.entries(args.inputs as Inputs)) if (t) inputs[k] = [...t.shape];
      recording.push({ name, inputs, attrs: { ...(args.attrs ?? {}) } });
    }
    if (enabled) {
      const out = ours(args.backend as unknown as WebGPUBackend, args.inputs as Inputs, args.attrs ?? {});
      if (out) {
        usage.fast[name] = (usage.fast[name] ?? 0) + 1;
        return out;
      }
    }
    usage.fallback[name] = (usage.fallback[name] ?? 0) + 1;
    return original.kernelFunc(args);
  };
  return { ...original, kernelFunc };
}

/**
 * Replaces tfjs's 'webgpu' kernels for matMul and the 2-D convolutions with ours. Call after
 * the 'webgpu' backend is registered (importing '@tensorflow/tfjs-backend-webgpu' with
 * navigator.gpu present); calling it again does nothing.
 */
export function registerFastWebgpuKernels(): void {
  if (registered) return;
  for (const name of FAST_KERNEL_NAMES) {
    const original = tf.getKernel(name, 'webgpu');
    if (!original) {
      throw new Error(`registerFastWebgpuKernels: tfjs's webgpu kernel '${name}' is not registered; import '@tensorflow/tfjs-backend-webgpu' first`);
    }
    tf.unregisterKernel(name, 'webgpu');
    tf.registerKernel(wrap(name, original));
  }
  registered = true;
}
