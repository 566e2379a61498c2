/**
 * Picks the tfjs backend: the fastest that works here, or the one asked for.
 *
 * Order for 'auto': tensorflow (tfjs-node-gpu, then tfjs-node: optional packages, loaded
 * only if installed), webgpu (the `webgpu` package's Dawn, only on a hardware adapter:
 * a software adapter such as lavapipe/llvmpipe is slower than WASM), wasm (SIMD, with
 * our backward-convolution kernels: see wasm-conv-kernels.ts), cpu (pure JS, slow).
 * Asking for a backend by name uses it even on a software adapter, or fails with the
 * reason it is unavailable.
 */
import * as tf from '@tensorflow/tfjs';
import { registerWasmConvKernels } from './wasm-conv-kernels';

export type BackendName = 'tensorflow' | 'webgpu' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: BackendName;
  /** What runs underneath, for logs and the run's config.json. */
  detail: string;
  /** Why each faster backend was not taken (auto only). */
  skipped: string[];
}

export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

const ADAPTER_TIMEOUT_MS = 15_000;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new BackendUnavailable(`${what} did not answer in ${ms / 1000} s`)), ms);
      timer.unref?.();
    }),
  ]).finally(() => clearTimeout(timer));
}

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

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}

/** Finds a WebGPU adapter through Dawn; resolves to its description or throws BackendUnavailable. */
async function probeWebgpu(requireHardware: boolean): Promise<string> {
  let webgpu: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    webgpu = (await import('webgpu')) as unknown as typeof webgpu;
  } catch (e) {
    throw new BackendUnavailable(`the webgpu package did not load: ${(e as Error).message.split('\n')[0]}`);
  }
  const gpu = webgpu.create([]);
  const adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), ADAPTER_TIMEOUT_MS, 'requestAdapter');
  if (!adapter) throw new BackendUnavailable('no WebGPU adapter (no Vulkan driver with a usable device)');
  const info = (adapter.info ?? {}) as AdapterInfoLike;
  const software = info.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader|software/i.test(`${info.architecture} ${info.description}`);
  const description = [info.vendor, info.description || info.device].filter(Boolean).join(' ') || 'unknown adapter';
  if (software && requireHardware) throw new BackendUnavailable(`the WebGPU adapter is a software renderer (${description}), slower than wasm`);
  // tfjs's WebGPU backend registers itself only if navigator.gpu exists when it is imported.
  Object.assign(globalThis, webgpu.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new BackendUnavailable('the tfjs WebGPU backend did not start');
  await registerWebgpuExtras();
  return `WebGPU (Dawn) on ${description}${software ? ' [software]' : ''}`;
}

/**
 * HOOK for model/webgpu/ (fast WGSL kernels, another part of the suite): when that module
 * exists, its registerFastWebgpuKernels() replaces tfjs's matMul/conv kernels for 'webgpu'.
 */
async function registerWebgpuExtras(): Promise<void> {
  let mod: { registerFastWebgpuKernels?: () => void };
  try {
    mod = (await optionalImport(new URL('../webgpu/index.ts', import.meta.url).href)) as typeof mod;
  } catch (e) {
    if (/Cannot find|ERR_MODULE_NOT_FOUND|Failed to load|does not exist/i.test((e as Error).message)) return;
    throw e;
  }
  mod.registerFastWebgpuKernels?.();
}

async function tryWasm(): Promise<string> {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmConvKernels();
  if (!(await tf.setBackend('wasm'))) throw new BackendUnavailable('the tfjs WASM backend did not start');
  return 'WebAssembly (SIMD, one thread in Node)';
}

async function tryCpu(): Promise<string> {
  await tf.setBackend('cpu');
  return 'pure JavaScript CPU backend (slow)';
}

const ATTEMPTS: Record<BackendName, (auto: boolean) => Promise<string>> = {
  tensorflow: () => tryTensorflow(),
  webgpu: (auto) => probeWebgpu(auto),
  wasm: () => tryWasm(),
  cpu: () => tryCpu(),
};

/** Selects and initialises a backend; `requested` is 'auto' or a backend name. */
export async function selectBackend(requested: string = 'auto'): Promise<BackendChoice> {
  const order: BackendName[] = ['tensorflow', 'webgpu', 'wasm', 'cpu'];
  if (requested !== 'auto') {
    if (!order.includes(requested as BackendName)) {
      throw new BackendUnavailable(`unknown backend '${requested}'; choose auto, ${order.join(', ')}`);
    }
    try {
      const detail = await ATTEMPTS[requested as BackendName](false);
      return { name: requested as BackendName, detail, skipped: [] };
    } catch (e) {
      throw new BackendUnavailable(`backend '${requested}' is unavailable: ${(e as Error).message}`);
    }
  }
  const skipped: string[] = [];
  for (const name of order) {
    try {
      const detail = await ATTEMPTS[name](true);
      return { name, detail, skipped };
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new BackendUnavailable(`no backend started: ${skipped.join('; ')}`);
}
