/**
 * Picks the tfjs backend: the fastest that works here, or the one asked for.
 *
 * Order for 'auto': tensorflow (tfjs-node-gpu, then tfjs-node: optional packages, loaded
 * only if installed), webgpu (the `webgpu` package's Dawn, only on a hardware adapter:
 * a software adapter such as lavapipe/llvmpipe is slower than WASM), wasm (SIMD, with
 * our backward-convolution kernels: see wasm-conv-kernels.ts), cpu (pure JS, slow).
 * Asking for a backend by name uses it even on a software adapter, or fails with the
 * reason it is unavailable.
 *
 * `threads` > 1 runs wasm on tfjs's threaded build (wasm-threads.ts; tfjs backend
 * 'wasm-threads'); if that build cannot start, wasm runs on one thread and `detail` says why.
 */
import * as tf from '@tensorflow/tfjs';
import { registerFastWebgpuKernels, setupNodeWebgpu } from '../webgpu/index';
import { registerWasmConvKernels } from './wasm-conv-kernels';
import { MAX_THREADS, startWasmThreads } from './wasm-threads';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: BackendName;
  /** Threads of XNNPACK's pool on wasm; 1 for the other backends (they manage their own). */
  threads: number;
  /** What runs underneath, for logs and the run's config.json. */
  detail: string;
  /** Why each faster backend was not taken (auto only). */
  skipped: string[];
}

export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

export interface BackendOptions {
  /**
   * Threads for the wasm backend: 1 is tfjs's single-threaded SIMD build (tfjs's choice in
   * Node); more runs its threaded SIMD build on that many threads.
   */
  threads?: number;
}

const ADAPTER_TIMEOUT_MS = 15_000;

/** Imports a package that may not be installed, without the type checker or bundler needing it. */
async function optionalImport(name: string): Promise<unknown> {
  const specifier = name; // a variable: tsc and bundlers leave the import alone
  return import(/* @vite-ignore */ specifier);
}

async function tryTensorflow(): Promise<string> {
  const errors: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await optionalImport(pkg);
      if (await tf.setBackend('tensorflow')) return `${pkg} (libtensorflow)`;
      errors.push(`${pkg} loaded but its backend did not start`);
    } catch (e) {
      const msg = (e as Error).message;
      errors.push(/Cannot find (module|package)/.test(msg) ? `${pkg} is not installed` : `${pkg}: ${msg.split('\n')[0]}`);
    }
  }
  throw new BackendUnavailable(errors.join('; '));
}

/** Adapters that are CPU renderers (Mesa's llvmpipe/lavapipe, SwiftShader): slower than wasm. */
const SOFTWARE_ADAPTER = /software|llvmpipe|lavapipe|swiftshader/i;

/**
 * WebGPU through Dawn (model/webgpu/node-setup.ts brings it up), then our fast WGSL kernels
 * (model/webgpu/) in place of tfjs's matMul and convolutions. In auto mode a software
 * adapter is refused (the caller then moves on to wasm).
 */
async function tryWebgpu(requireHardware: boolean): Promise<string> {
  const setup = await setupNodeWebgpu({ timeoutMs: ADAPTER_TIMEOUT_MS });
  if (!setup.ok) throw new BackendUnavailable(setup.reason);
  const software = SOFTWARE_ADAPTER.test(setup.adapter);
  if (software && requireHardware) throw new BackendUnavailable(`the WebGPU adapter is a software renderer (${setup.adapter}), slower than wasm`);
  if (!(await tf.setBackend('webgpu'))) throw new BackendUnavailable('the tfjs WebGPU backend did not start');
  registerFastWebgpuKernels();
  return `WebGPU (Dawn) on ${setup.adapter}${software ? ' [software renderer]' : ''}, with the fast WGSL kernels of model/webgpu`;
}

async function tryWasm(threads: number): Promise<[string, number]> {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmConvKernels();
  let fallback = '';
  if (threads > 1) {
    try {
      const n = await startWasmThreads(threads);
      return [`WebAssembly (SIMD, ${n} threads: tfjs's threaded build in worker threads)`, n];
    } catch (e) {
      fallback = `: the ${threads}-thread build did not start (${(e as Error).message})`;
    }
  }
  if (!(await tf.setBackend('wasm'))) throw new BackendUnavailable('the tfjs WASM backend did not start');
  return [`WebAssembly (SIMD, one thread${fallback})`, 1];
}

async function tryCpu(): Promise<string> {
  await tf.setBackend('cpu');
  return 'pure JavaScript CPU backend (slow)';
}

const one = async (detail: Promise<string>): Promise<[string, number]> => [await detail, 1];
const ATTEMPTS: Record<BackendName, (auto: boolean, threads: number) => Promise<[string, number]>> = {
  tensorflow: () => one(tryTensorflow()),
  webgpu: (auto) => one(tryWebgpu(auto)),
  wasm: (_auto, threads) => tryWasm(threads),
  cpu: () => one(tryCpu()),
};

/** Selects and initialises a backend; `requested` is 'auto' or a backend name. */
export async function selectBackend(requested: string = 'auto', { threads = 1 }: BackendOptions = {}): Promise<BackendChoice> {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new BackendUnavailable(`threads must be a whole number from 1 to ${MAX_THREADS} (the most tfjs's threaded WASM build runs), got ${threads}`);
  }
  const order: BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
  if (requested !== 'auto') {
    if (!order.includes(requested as BackendName)) {
      throw new BackendUnavailable(`unknown backend '${requested}'; choose auto, ${order.join(', ')}`);
    }
    try {
      const [detail, n] = await ATTEMPTS[requested as BackendName](false, threads);
      return { name: requested as BackendName, threads: n, detail, skipped: [] };
    } catch (e) {
      throw new BackendUnavailable(`backend '${requested}' is unavailable: ${(e as Error).message}`);
    }
  }
  const skipped: string[] = [];
  for (const name of order) {
    try {
      const [detail, n] = await ATTEMPTS[name](true, threads);
      return { name, threads: n, detail, skipped };
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new BackendUnavailable(`no backend started: ${skipped.join('; ')}`);
}
