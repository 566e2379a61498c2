/**
 * `BatchMatMul` and `_FusedMatMul` on the tiled product: a [.., M, K] (or [.., K, M] with
 * transposeA) times b [.., K, N] (or [.., N, K] with transposeB), batch dimensions
 * broadcast when one side has a single batch. Returns null for what it does not cover
 * (other batch broadcasts, prelu, non-float32), so the caller falls back to tfjs.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { SUPPORTED_ACTIVATIONS, makeEpilogue, type FusedActivation } from '../epilogue';
import type { GemmSpec } from '../gemm-program';
import { runGemm } from '../run-gemm';

export interface MatMulArgs {
  a: TensorInfo;
  b: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  bias?: TensorInfo | null;
  activation?: string | null;
  preluActivationWeights?: TensorInfo | null;
  leakyreluAlpha?: number;
}

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

/** The output shape of tfjs's matMul broadcasting, or null if it is not one we cover. */
function broadcastBatch(aOuter: number[], bOuter: number[]): number[] | null {
  const rank = Math.max(aOuter.length, bOuter.length);
  const pa = [...Array(rank - aOuter.length).fill(1), ...aOuter];
  const pb = [...Array(rank - bOuter.length).fill(1), ...bOuter];
  const out = pa.map((d, i) => Math.max(d, pb[i]));
  // Flat batch indexing works when each side is either all of the batch or a single matrix.
  const ok = (p: number[]) => size(p) === 1 || p.every((d, i) => d === out[i]);
  if (!pa.every((d, i) => d === pb[i] || d === 1 || pb[i] === 1)) return null;
  return ok(pa) && ok(pb) ? out : null;
}

export function fastBatchMatMul(backend: WebGPUBackend, args: MatMulArgs): TensorInfo | null {
  const { a, b, transposeA, transposeB } = args;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const activation = args.activation ?? 'linear';
  if (!SUPPORTED_ACTIVATIONS.includes(activation) || args.preluActivationWeights) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const M = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const K = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const N = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (K !== kb) return null; // tfjs's own kernel raises the user-facing error
  const outer = broadcastBatch(a.shape.slice(0, -2), b.shape.slice(0, -2));
  if (!outer) return null;
  const batch = size(outer);
  if (batch > 65535) return null;
  const bias = args.bias ?? null;
  if (bias && size(bias.shape) !== N) return null;

  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  // Vector loads need the contiguous axis to be a multiple of 4 (16-byte alignment).
  const aVec4 = (transposeA ? M : K) % 4 === 0;
  const bVec4 = (transposeB ? K : N) % 4 === 0;
  const aVec = transposeA ? 'm' : 'k';
  const bVec = transposeB ? 'k' : 'n';
  // A(m, k) at aIdx(m, k); the vec4 axis is the contiguous one.
  const aIdx = transposeA ? '(k * M + m)' : '(m * K + k)';
  const bIdx = transposeB ? '(n * K + k)' : '(k * N + n)';
  const aStride = batchA === 1 ? '0' : 'M * K';
  const bStride = batchB === 1 ? '0' : 'K * N';
  // Scalar fallbacks: element j of the vec4 steps along the load axis.
  const aStep = aVec === 'k' ? ['m', 'k + 1', 'm', 'k + 2', 'm', 'k + 3'] : ['m + 1', 'k', 'm + 2', 'k', 'm + 3', 'k'];
  const bStep = bVec === 'n' ? ['k', 'n + 1', 'k', 'n + 2', 'k', 'n + 3'] : ['k + 1', 'n', 'k + 2', 'n', 'k + 3', 'n'];

  const dims = 'let M = uniforms.gM; let N = uniforms.gN; let K = uniforms.gK;';
  const loaders = `
fn elemA(base: i32, m: i32, k: i32) -> f32 {
  ${dims}
  let i = select(0, base + ${aIdx}, (m < M) & (k < K));
  return select(0.0, ${aVec4 ? 'A[i / 4][i % 4]' : 'A[i]'}, (m < M) & (k < K));
}
fn elemB(base: i32, k: i32, n: i32) -> f32 {
  ${dims}
  let i = select(0, base + ${bIdx}, (k < K) & (n < N));
  return select(0.0, ${bVec4 ? 'B[i / 4][i % 4]' : 'B[i]'}, (k < K) & (n < N));
}
fn loadA(batch: i32, m: i32, k: i32) -> vec4<f32> {
  ${dims}
  let base = batch * ${aStride};
  ${aVec4 ? `let ok = (m < M) & (k < K);
  return select(vec4<f32>(0.0), A[select(0, base + ${aIdx}, ok) / 4], ok);` : `return vec4<f32>(elemA(base, m, k), elemA(base, ${aStep[0]}, ${aStep[1]}), elemA(base, ${aStep[2]}, ${aStep[3]}), elemA(base, ${aStep[4]}, ${aStep[5]}));`}
}
fn loadB(batch: i32, k: i32, n: i32) -> vec4<f32> {
  ${dims}
  let base = batch * ${bStride};
  ${bVec4 ? `let ok = (k < K) & (n < N);
  return select(vec4<f32>(0.0), B[select(0, base + ${bIdx}, ok) / 4], ok);` : `return vec4<f32>(elemB(base, k, n), elemB(base, ${bStep[0]}, ${bStep[1]}), elemB(base, ${bStep[2]}, ${bStep[3]}), elemB(base, ${bStep[4]}, ${bStep[5]}));`}
}`;
  const spec: GemmSpec = {
    key: `mm_${transposeA}_${transposeB}_${aVec4}_${bVec4}_${batchA === 1}_${batchB === 1}`,
    variableNames: ['A', 'B'],
    variableComponents: [aVec4 ? 4 : 1, bVec4 ? 4 : 1],
    aVec,
    bVec,
    // Sizes stay uniforms: one pipeline serves every matMul of the same layout.
    geometry: {},
    loaders,
    outIndex: 'fn outIndex(batch: i32, m: i32, n: i32) -> i32 { return (batch * uniforms.gM + m) * uniforms.gN + n; }',
    M,
    N,
    K,
    batch,
    outputShape: [...outer, M, N],
    epilogue: makeEpilogue(bias !== null, activation as FusedActivation, args.leakyreluAlpha),
  };
  return runGemm(backend, spec, [a, b], bias ?? undefined);
}
