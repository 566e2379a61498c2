/**
 * Shared by the WebGPU kernel tests: brings up tfjs's 'webgpu' backend on Dawn (lavapipe
 * here and in CI, via VK_DRIVER_FILES) with our kernels registered, and computes the
 * same ops on tfjs's cpu backend as the reference. Without VK_DRIVER_FILES or an adapter
 * the tests skip and say why, except under CI, where that is a failure.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, it } from 'vitest';
import { registerFastWebgpuKernels, setupNodeWebgpu } from '../../../model/webgpu/index';

async function bringUp(): Promise<string | null> {
  if (!process.env.VK_DRIVER_FILES) {
    return 'VK_DRIVER_FILES is unset (install lavapipe: bash scripts/ci/install-lavapipe.sh, then export VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json)';
  }
  const s = await setupNodeWebgpu();
  if (!s.ok) return s.reason;
  registerFastWebgpuKernels();
  return null;
}

/**
 * Per-test timeout: each new shader takes seconds to compile on lavapipe (LLVM), more on a
 * busy 2-core machine; the computations themselves are small.
 */
export const SLOW = 600_000;

/** null when the WebGPU backend is up with our kernels; otherwise why not. */
export const unavailable: string | null = await bringUp();

/**
 * describe() that runs only with WebGPU; otherwise skipped with the reason printed, or, when
 * process.env.CI is set, one failing test carrying the reason.
 */
export function describeWebgpu(name: string, body: () => void): void {
  if (!unavailable) {
    describe(name, body);
  } else if (process.env.CI) {
    describe(name, () => it('needs a WebGPU adapter in CI', () => {
      throw new Error(`WebGPU kernel tests cannot run: ${unavailable}`);
    }));
  } else {
    console.warn(`skipping WebGPU kernel tests (${name}): ${unavailable}`);
    describe.skip(name, body);
  }
}

/** Runs `f` on tfjs's cpu backend and returns to 'webgpu'. */
export async function onCpu<T>(f: () => T | Promise<T>): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return await f();
  } finally {
    await tf.setBackend('webgpu');
  }
}

/** Uniform values in [-1, 1) from a seeded generator (same data on both backends). */
export function randomArray(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // xorshift32: reproducible and independent of tfjs's own random ops
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** Largest |a - b| relative to the reference's scale (max |b|, at least 1). */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/**
 * Float32 tolerance for sums of K products of values in [-1, 1]: the two backends add in
 * different orders, so they differ by rounding, about sqrt(K) ulps of the result's scale;
 * 1e-5 · sqrt(K) leaves room while catching any wrong index (errors of order 1).
 */
export function tolerance(k: number): number {
  return 1e-5 * Math.max(4, Math.sqrt(k));
}
