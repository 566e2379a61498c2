/**
 * Runs a `GemmSpec` on the tfjs WebGPU backend: picks the tile size and the split of K,
 * dispatches the tiled product and, when K is split, the reduction that adds the partial
 * sums and applies the epilogue. Everything stays on the GPU; nothing is read back.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { epilogueSnippet } from './epilogue';
import {
  GEMM_UNIFORMS, TILINGS, TiledGemmProgram, gemmUniformData, geometryParts, storeSnippet,
  type GemmSpec, type GemmTiling,
} from './gemm-program';

/** Workgroups that keep any current GPU busy (an H100 has 132 SMs, two 256-thread groups each). */
const TARGET_WORKGROUPS = 512;
/** Smallest K chunk worth a workgroup: 32 slices of 16. */
const MIN_K_CHUNK = 512;
/** Largest split-K partial buffer, in floats (256 MiB). */
const MAX_PARTIAL_FLOATS = 64 * 1024 * 1024;

export interface GemmOptions {
  /** force a tiling by name (see TILINGS); default: chosen per shape */
  tiling?: string;
  /** the tiling for large products when none is forced (default 'large'; the GPU benchmark tunes it) */
  largeTiling?: string;
  /** force the number of K chunks; default: chosen per shape */
  splitK?: number;
  /**
   * Bake conv geometry into each shader as constants (default: true, cheaper index
   * arithmetic) or pass it as uniforms (one pipeline for all shapes of a kind: far fewer
   * shader compiles, which is what dominates on a CPU Vulkan driver).
   */
  bakeGeometry?: boolean;
}

let options: GemmOptions = {};

/** Overrides the per-shape choices (tests exercise every path; the GPU benchmark tunes). */
export function setGemmOptions(o: GemmOptions): void {
  for (const t of [o.tiling, o.largeTiling]) {
    if (t !== undefined && !(t in TILINGS)) throw new Error(`unknown GEMM tiling '${t}'; known: ${Object.keys(TILINGS).join(', ')}`);
  }
  options = { ...o };
}

export function getGemmOptions(): GemmOptions {
  return { ...options };
}

export interface GemmPlan {
  tiling: GemmTiling;
  splitK: number;
  kChunk: number;
}

function tilesOf(spec: GemmSpec, t: GemmTiling): number {
  return spec.batch * Math.ceil(spec.M / t.tileM) * Math.ceil(spec.N / t.tileN);
}

export function planGemm(spec: GemmSpec): GemmPlan {
  let tiling = TILINGS[options.tiling ?? options.largeTiling ?? 'large'];
  if (!options.tiling) {
    if (spec.N <= 64) tiling = TILINGS.tall;
    if (tilesOf(spec, tiling) < TARGET_WORKGROUPS / 4) tiling = TILINGS.small;
  }
  const tiles = tilesOf(spec, tiling);
  let splitK = 1;
  if (options.splitK) {
    splitK = options.splitK;
  } else if (tiles < TARGET_WORKGROUPS && spec.K >= 2 * MIN_K_CHUNK) {
    const byCores = Math.ceil(TARGET_WORKGROUPS / tiles);
    const byK = Math.floor(spec.K / MIN_K_CHUNK);
    const byMemory = Math.max(1, Math.floor(MAX_PARTIAL_FLOATS / (spec.batch * spec.M * spec.N)));
    splitK = Math.max(1, Math.min(byCores, byK, byMemory, 65535 / spec.batch | 0));
  }
  const tk = tiling.tileK;
  // Chunks are whole K slices so that no slice straddles two chunks.
  const kChunk = Math.max(tk, Math.ceil(Math.ceil(spec.K / splitK) / tk) * tk);
  splitK = Math.max(1, Math.ceil(spec.K / kChunk));
  return { tiling, splitK, kChunk };
}

/** Adds the split-K partial sums [batch, splitK, M, N], applies the epilogue and places C. */
class SplitKReduceProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: number;
  shaderKey: string;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  uniforms = GEMM_UNIFORMS;

  private readonly geometry: ReturnType<typeof geometryParts>;

  constructor(private readonly spec: GemmSpec, bakeGeometry: boolean) {
    const vec = spec.N % 4 === 0;
    this.geometry = geometryParts(spec, bakeGeometry);
    this.uniforms = GEMM_UNIFORMS + this.geometry.uniforms;
    this.variableNames = spec.epilogue.bias ? ['P', 'bias'] : ['P'];
    this.variableComponents = spec.epilogue.bias ? [vec ? 4 : 1, vec ? 4 : 1] : [vec ? 4 : 1];
    this.outputShape = spec.outputShape;
    this.outputComponent = vec ? 4 : 1;
    const work = spec.batch * spec.M * Math.ceil(spec.N / 4);
    this.dispatch = [Math.ceil(work / 64), 1, 1];
    this.shaderKey = `fastGemmReduce_${this.outputComponent}_${spec.epilogue.key}_${spec.key}_${this.geometry.key}`;
  }

  getUserCode(): string {
    const vec = this.outputComponent === 4;
    const read = vec
      ? 'P[p / 4]'
      : 'vec4<f32>(P[p], select(0.0, P[p + 1], n + 1 < uniforms.gN), select(0.0, P[p + 2], n + 2 < uniforms.gN), select(0.0, P[p + 3], n + 3 < uniforms.gN))';
    return `
${this.geometry.constants}
${this.geometry.rewrite(this.spec.outIndex)}
${epilogueSnippet(this.spec.epilogue, this.spec.N)}
${storeSnippet(vec, false)}
fn main(index: i32) {
  let n4 = (uniforms.gN + 3) / 4;
  if (index >= uniforms.gBatch * uniforms.gM * n4) { return; }
  let batch = index / (uniforms.gM * n4);
  let r = index - batch * uniforms.gM * n4;
  let m = r / n4;
  let n = (r - m * n4) * 4;
  var s = vec4<f32>(0.0);
  for (var sp = 0; sp < uniforms.gSplit; sp++) {
    let p = ((batch * uniforms.gSplit + sp) * uniforms.gM + m) * uniforms.gN + n;
    // Guarded reads: scalar lanes past N would belong to the next row.
    s = s + ${read};
  }
  storeC(0, batch, m, n, s);
}`;
  }
}

/** A flat view of a tensor's buffer: our shaders do their own indexing. */
export function flat(t: TensorInfo): TensorInfo {
  return { dataId: t.dataId, dtype: t.dtype, shape: [t.shape.reduce((a, b) => a * b, 1)] };
}

/**
 * Computes the product described by `spec` from `operands` (+ `bias`), into `output` when
 * given (several products may fill one output, e.g. the phases of a strided input
 * gradient) or a new tensor of `spec.outputShape`.
 */
export function runGemm(
  backend: WebGPUBackend,
  spec: GemmSpec,
  operands: TensorInfo[],
  bias?: TensorInfo,
  output?: TensorInfo,
): TensorInfo {
  const plan = planGemm(spec);
  const bake = options.bakeGeometry ?? true;
  const uniforms = gemmUniformData(spec, plan.kChunk, plan.splitK, bake);
  const biasInputs = spec.epilogue.bias && bias ? [flat(bias)] : [];
  const inputs = operands.map(flat);
  if (plan.splitK === 1) {
    const program = new TiledGemmProgram(spec, plan.tiling, 1, false, bake);
    return backend.runWebGPUProgram(program, [...inputs, ...biasInputs], 'float32', uniforms, output);
  }
  const partial = backend.runWebGPUProgram(
    new TiledGemmProgram(spec, plan.tiling, plan.splitK, true, bake), inputs, 'float32', uniforms);
  const reduced = backend.runWebGPUProgram(
    new SplitKReduceProgram(spec, bake), [partial, ...biasInputs], 'float32', uniforms, output);
  backend.disposeData(partial.dataId);
  return reduced;
}
