/**
 * Brings up tfjs's WebGPU backend in Node through Dawn (the `webgpu` package): a GPU's
 * Vulkan driver, or lavapipe (Mesa's CPU Vulkan driver) where there is no GPU, selected
 * with VK_DRIVER_FILES. tfjs's backend registers itself only if `navigator.gpu` exists
 * when it is first imported, so the globals are installed before a dynamic import.
 */
import * as tf from '@tensorflow/tfjs';

export type WebgpuSetup = { ok: true; adapter: string } | { ok: false; reason: string };

export interface WebgpuSetupOptions {
  /** Dawn toggles, e.g. ['disable_robustness'] (no bounds clamping in shaders: faster, unsafe) */
  dawnToggles?: string[];
  /** give up on the adapter after this long (a broken driver can hang) */
  timeoutMs?: number;
}

let done: Promise<WebgpuSetup> | null = null;

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function setup(opts: WebgpuSetupOptions): Promise<WebgpuSetup> {
  let webgpu: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    const mod = (await import('webgpu')) as unknown as typeof webgpu & { default?: typeof webgpu };
    // The package itself has named exports; the GPU bundle's CommonJS shim may arrive as default.
    webgpu = typeof mod.create === 'function' ? mod : mod.default!;
  } catch (e) {
    return { ok: false, reason: `the 'webgpu' package (Dawn) could not be loaded: ${(e as Error).message}` };
  }
  const flags = opts.dawnToggles?.length ? [`enable-dawn-features=${opts.dawnToggles.join(',')}`] : [];
  const gpu = webgpu.create(flags);
  let adapter: GPUAdapter | null;
  try {
    adapter = await withTimeout(gpu.requestAdapter({ powerPreference: 'high-performance' }), opts.timeoutMs ?? 30_000, 'requestAdapter');
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  if (!adapter) {
    const hint = process.env.VK_DRIVER_FILES
      ? `VK_DRIVER_FILES=${process.env.VK_DRIVER_FILES}`
      : 'VK_DRIVER_FILES is unset (for the CPU driver: VK_DRIVER_FILES=/usr/share/vulkan/icd.d/lvp_icd.json)';
    return { ok: false, reason: `no WebGPU adapter found (${hint})` };
  }
  Object.assign(globalThis, webgpu.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) return { ok: false, reason: "tf.setBackend('webgpu') failed" };
  const info = adapter.info;
  const name = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ');
  return { ok: true, adapter: name || 'unknown adapter' };
}

/** Selects tfjs's 'webgpu' backend (once per process); says why not when it cannot. */
export function setupNodeWebgpu(opts: WebgpuSetupOptions = {}): Promise<WebgpuSetup> {
  done ??= setup(opts);
  return done;
}
