/**
 * One tiled matrix product, C[b, m, n] = sum_k A(b, m, k) · B(b, k, n), as a tfjs WebGPU
 * program. Every fast kernel here (matMul, the three convolutions) is this program with
 * different WGSL functions that fetch A and B and place C: a convolution is an implicit
 * matrix product whose operands are gathered on the fly, never materialised (im2col).
 *
 * Shape of the computation (the plain tiled GEMM that STACK.md measured at 32 TFLOP/s on
 * the H200, plus register prefetch and vec4 shared-memory reads; not yet timed on a GPU):
 * - a workgroup of 16 x 16 threads owns a TM x TN tile of C (128 x 128 by default, 128 x 64
 *   for N <= 64, 64 x 64 for small products);
 * - each thread owns (TM/16) x (TN/16) outputs held as vec4 accumulators, in row groups of
 *   4 spaced 64 apart (rows g·64 + ty·4 + i, columns h·64 + tx·4 + j), so that the 16
 *   threads of a row read 16 consecutive vec4 from shared memory (no bank conflicts);
 * - K advances TK (16) at a time through workgroup memory, A stored k-major (As[k][m]) so
 *   the inner loop reads A and B as vec4; the next K slice is fetched from global memory
 *   into registers while the current one is multiplied (software pipelining); with two
 *   shared stages, one barrier per slice;
 * - optional split-K: the K range is cut into `splitK` chunks (a multiple of TK each),
 *   one per workgroup along z, writing partial sums that `SplitKReduceProgram` adds up.
 *   Convolution weight gradients (K = batch · H · W, small M x N) need it to fill the GPU.
 *
 * Operand loaders return 4 consecutive values along one axis (`aVec`/`bVec`); the tile
 * load uses that axis so global reads are as wide as the layout allows. Loaders return
 * zeros outside [0, M) x [0, K) (and [0, K) x [0, N)), which makes any shape correct: odd
 * sizes only cost the idle lanes of the edge tiles.
 */
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { epilogueSnippet, type Epilogue } from './epilogue';

/** Tile geometry of the product; see `TILINGS` for the ones in use. */
export interface GemmTiling {
  /** rows of C per workgroup: 64 or 128 */
  tileM: number;
  /** columns of C per workgroup: 64 or 128 */
  tileN: number;
  /** K slice per pass through workgroup memory: 8, 16 or 32 */
  tileK: number;
  /** two shared-memory stages (one barrier per K slice instead of two) */
  doubleBuffer: boolean;
  /** pad the transposed shared tile by one vec4 per row (fewer bank conflicts on the store) */
  padShared: boolean;
  /**
   * unroll the K slice in the generated code (true) or leave a WGSL loop for the driver's
   * compiler (false: a fraction of the code, much faster to compile on a CPU driver)
   */
  unroll?: boolean;
}

export const TILINGS: Record<string, GemmTiling> = {
  /** the default for large products */
  large: { tileM: 128, tileN: 128, tileK: 16, doubleBuffer: false, padShared: true },
  /** the same tile, double-buffered (32 KiB of workgroup memory without padding) */
  largeDouble: { tileM: 128, tileN: 128, tileK: 16, doubleBuffer: true, padShared: false },
  /** shorter K slice, double-buffered with padding (17 KiB) */
  largeK8: { tileM: 128, tileN: 128, tileK: 8, doubleBuffer: true, padShared: true },
  /** for N <= 64 (64-channel convolutions): a 128-wide tile would idle half its columns */
  tall: { tileM: 128, tileN: 64, tileK: 16, doubleBuffer: false, padShared: true },
  /** for products too small to give every core a 128 x 128 tile */
  small: { tileM: 64, tileN: 64, tileK: 16, doubleBuffer: false, padShared: true },
  /** the large tile with the K slice as a loop (left to the driver to unroll) */
  largeLoop: { tileM: 128, tileN: 128, tileK: 16, doubleBuffer: false, padShared: true, unroll: false },
  /** the small tile as a loop: the quickest to compile, for tests on a CPU driver */
  smallLoop: { tileM: 64, tileN: 64, tileK: 16, doubleBuffer: false, padShared: true, unroll: false },
};

export const WORKGROUP_THREADS = 256;

export type AVecAxis = 'k' | 'm';
export type BVecAxis = 'n' | 'k';

/** What a kernel supplies to the product: its operands, where C goes, and its fused epilogue. */
export interface GemmSpec {
  /** shader-cache key of everything the snippets bake in (names, constants, layouts) */
  key: string;
  /** the operand buffers the loaders read, in binding order (a `bias` buffer is added after them) */
  variableNames: string[];
  /** 1 (array<f32>) or 4 (array<vec4<f32>>) per operand buffer */
  variableComponents: number[];
  aVec: AVecAxis;
  bVec: BVecAxis;
  /**
   * Integer geometry the functions below read as `cNAME` (e.g. cCI for `{ CI: 3 }`): baked
   * into the shader as constants (divisions by them become multiplications), or read from
   * uniforms so that one pipeline serves every shape (see `bakeGeometry`).
   */
  geometry: Record<string, number>;
  /**
   * WGSL defining
   *   fn loadA(batch: i32, m: i32, k: i32) -> vec4<f32>   // A(m..m+3, k) or A(m, k..k+3)
   *   fn loadB(batch: i32, k: i32, n: i32) -> vec4<f32>   // B(k, n..n+3) or B(k..k+3, n)
   */
  loaders: string;
  /**
   * WGSL `fn outIndex(batch: i32, m: i32, n: i32) -> i32`: the element index of C(m, n) in
   * the output; C(m, n..n+3) must be contiguous there.
   */
  outIndex: string;
  /** M, N, K of one product and the number of products (batch) */
  M: number;
  N: number;
  K: number;
  batch: number;
  outputShape: number[];
  epilogue: Epilogue;
}

/** GEMM uniforms shared by the product and the split-K reduction (tfjs appends them to its own). */
export const GEMM_UNIFORMS = 'gM : i32, gN : i32, gK : i32, gKChunk : i32, gSplit : i32, gBatch : i32, gAlpha : f32,';

export function gemmUniformData(
  spec: GemmSpec, kChunk: number, splitK: number, bakeGeometry: boolean,
): Array<{ type: string; data: number[] }> {
  const geometry = bakeGeometry ? [] : Object.values(spec.geometry).map((v) => ({ type: 'int32', data: [v] }));
  return [
    { type: 'int32', data: [spec.M] },
    { type: 'int32', data: [spec.N] },
    { type: 'int32', data: [spec.K] },
    { type: 'int32', data: [kChunk] },
    { type: 'int32', data: [splitK] },
    { type: 'int32', data: [spec.batch] },
    { type: 'float32', data: [spec.epilogue.alpha ?? 0] },
    ...geometry,
  ];
}

/**
 * The geometry part of a program: its WGSL (constants, or nothing when read from uniforms),
 * the uniform fields to append, the code rewrite, and the cache key.
 */
export function geometryParts(spec: GemmSpec, bake: boolean): {
  constants: string; uniforms: string; rewrite: (code: string) => string; key: string;
} {
  const entries = Object.entries(spec.geometry);
  if (bake) {
    return {
      constants: entries.map(([k, v]) => `const c${k} = ${Math.trunc(v)};`).join('\n'),
      uniforms: '',
      rewrite: (code) => code,
      key: entries.map(([k, v]) => `${k}${v}`).join('_'),
    };
  }
  return {
    constants: '',
    uniforms: entries.map(([k]) => ` c${k} : i32,`).join(''),
    rewrite: (code) => code.replace(/\bc([A-Z][A-Z0-9]*)\b/g, 'uniforms.c$1'),
    key: `u_${entries.map(([k]) => k).join('_')}`,
  };
}

export class TiledGemmProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: number;
  shaderKey: string;
  dispatchLayout = { x: [0], y: [1] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [16, 16, 1];
  uniforms = GEMM_UNIFORMS;

  private readonly geometry: ReturnType<typeof geometryParts>;

  /**
   * @param partial when true the output is the split-K partial buffer [batch, splitK, M, N]
   *   (no epilogue); otherwise C goes through `outIndex` and the epilogue.
   * @param bakeGeometry conv geometry as shader constants (true) or uniforms
   */
  constructor(
    private readonly spec: GemmSpec,
    private readonly tiling: GemmTiling,
    splitK: number,
    private readonly partial: boolean,
    bakeGeometry = true,
  ) {
    const { tileM, tileN, tileK } = tiling;
    if (tileM % 64 || tileN % 64 || (tileM * tileK) / 4 < WORKGROUP_THREADS || (tileN * tileK) / 4 < WORKGROUP_THREADS) {
      throw new Error(`unsupported GEMM tiling ${JSON.stringify(tiling)}`);
    }
    const withBias = spec.epilogue.bias && !partial;
    this.variableNames = withBias ? [...spec.variableNames, 'bias'] : spec.variableNames;
    this.variableComponents = withBias
      ? [...spec.variableComponents, spec.N % 4 === 0 ? 4 : 1]
      : spec.variableComponents;
    this.outputShape = partial ? [spec.batch * splitK, spec.M, spec.N] : spec.outputShape;
    this.outputComponent = spec.N % 4 === 0 ? 4 : 1;
    this.dispatch = [Math.ceil(spec.N / tileN), Math.ceil(spec.M / tileM), spec.batch * splitK];
    this.geometry = geometryParts(spec, bakeGeometry);
    this.uniforms = GEMM_UNIFORMS + this.geometry.uniforms;
    const t = tiling;
    this.shaderKey = `fastGemm_${t.tileM}_${t.tileN}_${t.tileK}_${t.doubleBuffer}_${t.padShared}_${t.unroll ?? true}_${partial}_` +
      `${spec.aVec}${spec.bVec}_${this.outputComponent}_${spec.epilogue.key}_${spec.key}_${this.geometry.key}`;
  }

  getUserCode(): string {
    const { tileM: TM, tileN: TN, tileK: TK, doubleBuffer, padShared } = this.tiling;
    const { aVec, bVec } = this.spec;
    const GR = TM / 64; // row groups of 4 rows per thread
    const GC = TN / 64; // column groups of one vec4 per thread
    const AS = TM / 4 + (padShared && aVec === 'k' ? 1 : 0); // vec4 stride of one k-row of As
    const BS = TN / 4 + (padShared && bVec === 'k' ? 1 : 0);
    const stages = doubleBuffer ? 2 : 1;
    const LA = (TM * TK) / 4 / WORKGROUP_THREADS; // vec4 loads of A per thread per K slice
    const LB = (TN * TK) / 4 / WORKGROUP_THREADS;
    const lines: string[] = [];
    const emit = (s: string) => lines.push(s);

    // Global -> registers for the K slice starting at kk.
    const loadTiles = (kk: string) => {
      for (let i = 0; i < LA; i++) {
        emit(`{ let e = t + ${i * WORKGROUP_THREADS};`);
        if (aVec === 'k') emit(`  ra${i} = loadA(batch, m0 + e / ${TK / 4}, ${kk} + (e % ${TK / 4}) * 4); }`);
        else emit(`  ra${i} = loadA(batch, m0 + (e % ${TM / 4}) * 4, ${kk} + e / ${TM / 4}); }`);
      }
      for (let i = 0; i < LB; i++) {
        emit(`{ let e = t + ${i * WORKGROUP_THREADS};`);
        if (bVec === 'n') emit(`  rb${i} = loadB(batch, ${kk} + e / ${TN / 4}, n0 + (e % ${TN / 4}) * 4); }`);
        else emit(`  rb${i} = loadB(batch, ${kk} + (e % ${TK / 4}) * 4, n0 + e / ${TK / 4}); }`);
      }
    };
    // Registers -> workgroup memory stage `base` (A k-major, B k-major).
    const storeTiles = () => {
      for (let i = 0; i < LA; i++) {
        emit(`{ let e = t + ${i * WORKGROUP_THREADS};`);
        if (aVec === 'k') {
          emit(`  let row = e / ${TK / 4}; let k4 = (e % ${TK / 4}) * 4;`);
          emit(`  let o = aBase + k4 * ${AS} + row / 4; let c = row % 4;`);
          for (let c = 0; c < 4; c++) emit(`  As[o + ${c * AS}][c] = ra${i}[${c}];`);
        } else {
          emit(`  As[aBase + (e / ${TM / 4}) * ${AS} + e % ${TM / 4}] = ra${i};`);
        }
        emit('}');
      }
      for (let i = 0; i < LB; i++) {
        emit(`{ let e = t + ${i * WORKGROUP_THREADS};`);
        if (bVec === 'n') {
          emit(`  Bs[bBase + (e / ${TN / 4}) * ${BS} + e % ${TN / 4}] = rb${i};`);
        } else {
          emit(`  let col = e / ${TK / 4}; let k4 = (e % ${TK / 4}) * 4;`);
          emit(`  let o = bBase + k4 * ${BS} + col / 4; let c = col % 4;`);
          for (let c = 0; c < 4; c++) emit(`  Bs[o + ${c * BS}][c] = rb${i}[${c}];`);
        }
        emit('}');
      }
    };
    // The multiply of one shared K slice, unrolled in the source or as a loop.
    const unroll = this.tiling.unroll ?? true;
    const compute = () => {
      const step = (kk: string) => {
        for (let g = 0; g < GR; g++) emit(`a${g} = As[aBase + ${kk} * ${AS} + ${g * 16} + ty];`);
        for (let h = 0; h < GC; h++) emit(`b${h} = Bs[bBase + ${kk} * ${BS} + ${h * 16} + tx];`);
        for (let g = 0; g < GR; g++) {
          for (let i = 0; i < 4; i++) {
            for (let h = 0; h < GC; h++) emit(`acc_${g}_${i}_${h} = fma(vec4<f32>(a${g}[${i}]), b${h}, acc_${g}_${i}_${h});`);
          }
        }
      };
      if (unroll) {
        for (let kk = 0; kk < TK; kk++) step(String(kk));
      } else {
        emit(`for (var kk = 0; kk < ${TK}; kk++) {`);
        step('kk');
        emit('}');
      }
    };

    emit(`var<workgroup> As: array<vec4<f32>, ${TK * AS * stages}>;`);
    emit(`var<workgroup> Bs: array<vec4<f32>, ${TK * BS * stages}>;`);
    emit(this.geometry.constants);
    emit(this.geometry.rewrite(this.spec.loaders));
    if (!this.partial) emit(this.geometry.rewrite(this.spec.outIndex));
    if (!this.partial) emit(epilogueSnippet(this.spec.epilogue, this.spec.N));
    emit(storeSnippet(this.outputComponent === 4, this.partial));
    emit('fn main() {');
    emit('let t = i32(localIndex);');
    emit('let tx = i32(localId.x);');
    emit('let ty = i32(localId.y);');
    emit('let z = i32(workgroupId.z);');
    emit('let batch = z / uniforms.gSplit;');
    emit(`let m0 = i32(workgroupId.y) * ${TM};`);
    emit(`let n0 = i32(workgroupId.x) * ${TN};`);
    emit('let kBegin = (z - batch * uniforms.gSplit) * uniforms.gKChunk;');
    // The trip count comes from uniforms only, so the barriers sit in uniform control flow;
    // the last chunk's overhang past K reads zeros from the bounds-checked loaders.
    emit(`let steps = uniforms.gKChunk / ${TK};`);
    for (let g = 0; g < GR; g++) for (let i = 0; i < 4; i++) for (let h = 0; h < GC; h++) emit(`var acc_${g}_${i}_${h} = vec4<f32>(0.0);`);
    for (let g = 0; g < GR; g++) emit(`var a${g}: vec4<f32>;`);
    for (let h = 0; h < GC; h++) emit(`var b${h}: vec4<f32>;`);
    for (let i = 0; i < LA; i++) emit(`var ra${i} = vec4<f32>(0.0);`);
    for (let i = 0; i < LB; i++) emit(`var rb${i} = vec4<f32>(0.0);`);
    emit('var aBase = 0;');
    emit('var bBase = 0;');
    // One pass per K slice plus one: pass s fetches slice s into registers, multiplies slice
    // s - 1 out of workgroup memory while those loads are in flight, then stores slice s.
    // Each of loads, multiply and stores appears once in the code (a CPU driver compiles
    // it in a fraction of the time a prologue copy would take), and barriers stay in
    // uniform control flow (s and steps are uniform).
    emit('for (var s = 0; s <= steps; s++) {');
    emit('if (s < steps) {');
    emit(`let kk = kBegin + s * ${TK};`);
    loadTiles('kk');
    emit('}');
    emit('if (s > 0) {');
    if (doubleBuffer) {
      emit(`aBase = ((s - 1) % 2) * ${TK * AS};`);
      emit(`bBase = ((s - 1) % 2) * ${TK * BS};`);
    }
    compute();
    emit('}');
    if (!doubleBuffer) emit('workgroupBarrier();'); // everyone is done reading the single stage
    emit('if (s < steps) {');
    if (doubleBuffer) {
      emit(`aBase = (s % 2) * ${TK * AS};`);
      emit(`bBase = (s % 2) * ${TK * BS};`);
    }
    storeTiles();
    emit('}');
    emit('workgroupBarrier();');
    emit('}');
    for (let g = 0; g < GR; g++) {
      for (let i = 0; i < 4; i++) {
        emit(`{ let m = m0 + ${g * 64 + i} + ty * 4;`);
        for (let h = 0; h < GC; h++) emit(`  storeC(z, batch, m, n0 + ${h * 64} + tx * 4, acc_${g}_${i}_${h});`);
        emit('}');
      }
    }
    emit('}');
    return lines.join('\n');
  }

}

/** storeC(z, batch, m, n, v): C(m, n..n+3) = v, clipped to the matrix (partial: the split-K buffer). */
export function storeSnippet(vec4Output: boolean, partial: boolean): string {
  const index = partial ? '(z * uniforms.gM + m) * uniforms.gN + n' : 'outIndex(batch, m, n)';
  const value = partial ? 'v' : 'epilogue(n, v)';
  return `
fn storeC(z: i32, batch: i32, m: i32, n: i32, v: vec4<f32>) {
  if (m >= uniforms.gM || n >= uniforms.gN) { return; }
  let idx = ${index};
  let w = ${value};
  ${vec4Output ? 'result[idx / 4] = w;' : `
  result[idx] = w.x;
  if (n + 1 < uniforms.gN) { result[idx + 1] = w.y; }
  if (n + 2 < uniforms.gN) { result[idx + 2] = w.z; }
  if (n + 3 < uniforms.gN) { result[idx + 3] = w.w; }`}
}`;
}
