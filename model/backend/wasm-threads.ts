/**
 * tfjs's threaded WASM build in Node, as a second backend 'wasm-threads' beside 'wasm'.
 *
 * tfjs-backend-wasm 4.22 ships three builds (plain, SIMD, SIMD + threads); in Node it always
 * loads the single-threaded SIMD one: its WASM_HAS_MULTITHREAD_SUPPORT flag answers false
 * when IS_NODE, and in browsers it hands Emscripten `blob:` URLs for the pthread worker
 * script and the main script, which Node's worker_threads cannot open. The threaded build
 * itself has a Node path (worker_threads, fs). We start it with file paths:
 *
 * 1. the worker script, which the package ships only as a string (`wasmWorkerContents`), is
 *    written to a `.cjs` file in a private temporary folder (removed once the pool's
 *    workers have loaded it);
 * 2. the Emscripten factory of `wasm-out/tfjs-backend-wasm-threaded-simd.js` gets
 *    `locateFile` -> that file and the `.wasm` beside the loader, and `mainScriptUrlOrBlob`
 *    -> the loader's own path (each worker evaluates it);
 * 3. the module gets the five `tfjs` bindings `BackendWasm` reads, and a `BackendWasm` is
 *    built on it after `setThreadsCount(n)`. Every kernel registered for 'wasm' is
 *    registered for 'wasm-threads' too (the same C++ kernels, ours included: each binds its
 *    WASM function when `tf.setBackend` makes its backend current).
 *
 * Thread count. XNNPACK's pool gets min(n, logical cores / 2) threads: tfjs halves the
 * core count assuming two hyperthreads per core, so on our 2-core machine (1 thread per
 * core) any n gives 1. We tell the module there are 2n logical cores (its
 * `emscripten_num_logical_cores` import), so n threads is what one asks for and gets: the
 * main thread plus n - 1 workers, n from 2 to 8 (the build's own limit). Asking for more
 * threads than cores is allowed (and slow).
 *
 * Exit. Emscripten refs a worker while its pthread runs, and XNNPACK's threads wait for work
 * forever, which would keep Node alive after the last step (`npm run train` would never
 * end). Once the pool has started, its workers are unref'd: the main thread waits for them
 * synchronously inside each kernel, so nothing is lost when the process ends. The spare
 * workers Emscripten pre-spawns (8 in all) are terminated.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The tfjs backend name of the threaded build. */
export const WASM_THREADS = 'wasm-threads';

/** How long the module and its workers may take to start before we give up. */
const START_TIMEOUT_MS = 60_000;
/**
 * The build's pool takes at most 8 threads whatever it is asked (measured): the main thread
 * and 7 of the 8 workers Emscripten pre-spawns, so no worker starts after the pool is up.
 */
export const MAX_THREADS = 8;

const require = createRequire(import.meta.url);
const PKG = '@tensorflow/tfjs-backend-wasm';

interface NodeWorker {
  unref(): void;
  terminate(): unknown;
  onerror?: (e: Error) => void;
}

/** The parts of the Emscripten module (and its pthread runtime) used here. */
interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  PThread: { unusedWorkers: NodeWorker[]; runningWorkers: NodeWorker[]; terminateAllThreads(): void };
  tfjs?: Record<string, (...args: number[]) => number>;
}

type ModuleFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;

export class WasmThreadsUnavailable extends Error {
  override name = 'WasmThreadsUnavailable';
}

interface WorkerScript {
  file: string;
  /** Deletes the file and its folder (done once the pool's workers have loaded it, or at exit). */
  remove(): void;
}

/** The package's pthread worker script as a file in a private temporary folder. */
function writeWorkerScript(): WorkerScript {
  const { wasmWorkerContents } = require(`${PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) as { wasmWorkerContents: string };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tfjs-wasm-threads-'));
  const remove = () => {
    process.off('exit', remove);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', remove);
  const file = path.join(dir, 'worker.cjs');
  // The string came out of a template literal, which turned the script's `\n` escapes into
  // newlines inside string literals: put the escapes back (tfjs does the same for its Blob).
  writeFileSync(file, wasmWorkerContents.replace(/\n/g, '\\n'));
  return { file, remove };
}

/** Why the threaded build cannot run here, or null. */
function missingPrerequisite(): string | null {
  if (typeof SharedArrayBuffer !== 'function') return 'this JavaScript runtime has no SharedArrayBuffer';
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return 'WebAssembly shared memory is not available';
  } catch (e) {
    return `WebAssembly threads are not available (${(e as Error).message})`;
  }
  return null;
}

interface Started {
  module: ThreadedModule;
  script: WorkerScript;
}

/** Loads the threaded module and its pre-spawned workers; XNNPACK's pool starts later. */
async function startModule(threads: number): Promise<Started> {
  const missing = missingPrerequisite();
  if (missing) throw new WasmThreadsUnavailable(missing);
  let loaderPath: string;
  let factory: ModuleFactory;
  try {
    loaderPath = require.resolve(`${PKG}/wasm-out/tfjs-backend-wasm-threaded-simd.js`);
    factory = require(loaderPath) as ModuleFactory;
  } catch (e) {
    throw new WasmThreadsUnavailable(`the threaded build's loader cannot be read: ${(e as Error).message}`);
  }
  const wasmFile = path.join(path.dirname(loaderPath), 'tfjs-backend-wasm-threaded-simd.wasm');
  if (!existsSync(wasmFile)) throw new WasmThreadsUnavailable(`${wasmFile} is missing`);
  let script: WorkerScript;
  try {
    script = writeWorkerScript();
  } catch (e) {
    throw new WasmThreadsUnavailable(`the worker script cannot be written: ${(e as Error).message}`);
  }
  const workerFile = script.file;

  return new Promise<Started>((resolve, reject) => {
    let settled = false;
    const config: Record<string, unknown> = {};
    const restoreErrors = new Map<NodeWorker, NodeWorker['onerror']>();
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Workers that did start would hold the process open: end them all.
      (config as Partial<ThreadedModule>).PThread?.terminateAllThreads();
      script.remove();
      reject(new WasmThreadsUnavailable(why));
    };
    const timer = setTimeout(() => fail(`the module and its workers did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    timer.unref();
    Object.assign(config, {
      locateFile: (file: string) => (file.endsWith('.worker.js') ? workerFile : file.endsWith('.wasm') ? wasmFile : path.join(path.dirname(loaderPath), file)),
      mainScriptUrlOrBlob: loaderPath,
      onAbort: (what: unknown) => fail(`the module aborted: ${String(what)}`),
      // Our own instantiation: the same imports, but for the logical-core count (see the header).
      instantiateWasm: (info: { env: Record<string, unknown> }, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
        const imports = { ...info, env: { ...info.env, emscripten_num_logical_cores: () => 2 * threads } } as unknown as WebAssembly.Imports;
        WebAssembly.instantiate(readFileSync(wasmFile), imports).then(
          ({ instance, module }) => {
            if (settled) return;
            receive(instance, module); // posts the module to the pre-spawned workers
            // Emscripten rethrows a worker's load error on the main thread (an uncaught
            // exception): catch it as a failed start instead, until the workers are up.
            for (const w of (config as unknown as ThreadedModule).PThread.unusedWorkers) {
              restoreErrors.set(w, w.onerror);
              w.onerror = (e: Error) => fail(`a worker thread could not load the threaded build: ${e.message}`);
            }
          },
          (e: Error) => fail(`the threaded .wasm did not instantiate: ${e.message}`),
        );
        return {};
      },
    });
    let ready: Promise<ThreadedModule>;
    try {
      ready = factory(config);
    } catch (e) {
      fail(`the threaded build's loader failed: ${(e as Error).message}`);
      return;
    }
    ready.then(
      (module) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const [w, handler] of restoreErrors) w.onerror = handler;
        resolve({ module, script });
      },
      (e: unknown) => fail(`the threaded build did not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  });
}

/** The `tfjs` namespace BackendWasm calls on its module (as tfjs's own init builds it). */
function bindTfjsFunctions(module: ThreadedModule): void {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

/** Registers every 'wasm' kernel for 'wasm-threads' as well (again when one changed). */
export function mirrorWasmKernels(): void {
  for (const k of tf.getKernelsForBackend('wasm')) {
    const mine = tf.getKernel(k.kernelName, WASM_THREADS);
    if (mine && mine.kernelFunc === k.kernelFunc && mine.setupFunc === k.setupFunc) continue;
    if (mine) tf.unregisterKernel(k.kernelName, WASM_THREADS);
    tf.registerKernel({ ...k, backendName: WASM_THREADS });
  }
}

let registeredThreads = 0;

/** A BackendWasm on a started module (XNNPACK's pool starts in its constructor). */
function makeBackend(module: ThreadedModule, threads: number): BackendWasm {
  bindTfjsFunctions(module);
  setThreadsCount(threads); // read by the constructor (a module-wide setting of tfjs's)
  let backend: BackendWasm;
  try {
    backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  } finally {
    setThreadsCount(-1); // tfjs's default again, for any later 'wasm' backend
  }
  // The pool's threads have started: let the process end without them, and give back the
  // workers the pool did not take.
  for (const w of module.PThread.runningWorkers) w.unref();
  for (const w of module.PThread.unusedWorkers) void w.terminate();
  module.PThread.unusedWorkers = [];
  return backend;
}

/**
 * Makes 'wasm-threads' the current tfjs backend with `threads` threads (restarting it if it
 * ran with another count) and returns the pool's thread count. The 'wasm' backend must have
 * been imported and our kernels registered for it first (model/backend/select.ts does both).
 * Throws WasmThreadsUnavailable with the reason when the threaded build cannot start here.
 */
export async function startWasmThreads(threads: number): Promise<number> {
  if (!Number.isInteger(threads) || threads < 2 || threads > MAX_THREADS) {
    throw new WasmThreadsUnavailable(`threads must be a whole number from 2 to ${MAX_THREADS}, got ${threads}`);
  }
  if (registeredThreads !== threads) {
    if (registeredThreads) tf.removeBackend(WASM_THREADS);
    registeredThreads = 0;
    // Started here rather than in tfjs's factory, so that a failure reaches the caller as
    // our error (tfjs would log it with a stack trace and answer false).
    let started: Started | null = await startModule(threads);
    tf.registerBackend(
      WASM_THREADS,
      async () => {
        // A second call (after tf.engine().reset()) needs a module of its own.
        const { module, script } = started ?? (await startModule(threads));
        started = null;
        try {
          return makeBackend(module, threads);
        } finally {
          script.remove(); // the pool's workers have loaded it; no other thread is started
        }
      },
      0, // never tfjs's own pick: only selected by name
    );
    registeredThreads = threads;
  }
  mirrorWasmKernels();
  if (!(await tf.setBackend(WASM_THREADS))) throw new WasmThreadsUnavailable('the threaded backend did not start');
  const backend = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
  return backend.wasm.tfjs.getThreadsCount();
}
