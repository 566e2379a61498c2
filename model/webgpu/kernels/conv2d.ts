/**
 * `Conv2D` and `FusedConv2D` (NHWC) as an implicit matrix product:
 *   out[b, oy, ox, co] = sum over (ky, kx, ci) of x[b, oy·s - pad + ky·d, ox·s - pad + kx·d, ci] · w[ky, kx, ci, co]
 * i.e. C[M = B·OH·OW, N = Cout] = A[M, K = FH·FW·Cin] · W[K, N], where row m of A is the
 * receptive field of one output pixel, gathered from x on the fly (zeros in the padding)
 * and W is the filter as stored. C is the NHWC output as stored.
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { SUPPORTED_ACTIVATIONS, makeEpilogue, type FusedActivation } from '../epilogue';
import type { GemmSpec } from '../gemm-program';
import { runGemm } from '../run-gemm';
import { allFloat32, loaderFromIndex, nhwcConvInfo } from './conv-common';

export function fastConv2D(
  backend: WebGPUBackend,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
  bias?: TensorInfo | null,
  prelu?: TensorInfo | null,
): TensorInfo | null {
  const activation = (attrs.activation as string | undefined) ?? 'linear';
  if (prelu || !SUPPORTED_ACTIVATIONS.includes(activation) || !allFloat32(x, filter, bias)) return null;
  const c = nhwcConvInfo(x.shape, filter.shape, attrs, attrs.dilations as number | [number, number]);
  if (!c) return null;
  if (bias && bias.shape.reduce((p, q) => p * q, 1) !== c.outChannels) return null;
  const g = {
    B: c.batchSize, IH: c.inHeight, IW: c.inWidth, CI: c.inChannels,
    OH: c.outHeight, OW: c.outWidth, CO: c.outChannels,
    FH: c.filterHeight, FW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth,
    DH: c.dilationHeight, DW: c.dilationWidth, PT: c.padInfo.top, PL: c.padInfo.left,
  };
  const M = g.B * g.OH * g.OW;
  const N = g.CO;
  const K = g.FH * g.FW * g.CI;
  const xVec4 = g.CI % 4 === 0; // 4 consecutive k = 4 consecutive input channels
  const fVec4 = g.CO % 4 === 0;
  const loaders = [
    loaderFromIndex('A', 'X', xVec4, 'second', `
  let b = m / (cOH * cOW);
  let r = m - b * cOH * cOW;
  let oy = r / cOW;
  let ox = r - oy * cOW;
  let ci = k % cCI;
  let t = k / cCI;
  let ky = t / cFW;
  let kx = t - ky * cFW;
  let iy = oy * cSH - cPT + ky * cDH;
  let ix = ox * cSW - cPL + kx * cDW;
  let ok = (m < uniforms.gM) & (k < uniforms.gK) & (iy >= 0) & (iy < cIH) & (ix >= 0) & (ix < cIW);
  return select(-1, ((b * cIH + iy) * cIW + ix) * cCI + ci, ok);`, ['m', 'k']),
    loaderFromIndex('B', 'F', fVec4, 'second', `
  return select(-1, k * cCO + n, (k < uniforms.gK) & (n < uniforms.gN));`, ['k', 'n']),
  ].join('\n');
  const spec: GemmSpec = {
    key: `conv_${xVec4}_${fVec4}`,
    variableNames: ['X', 'F'],
    variableComponents: [xVec4 ? 4 : 1, fVec4 ? 4 : 1],
    aVec: 'k',
    bVec: 'n',
    geometry: g,
    loaders,
    outIndex: 'fn outIndex(batch: i32, m: i32, n: i32) -> i32 { return m * cCO + n; }',
    M,
    N,
    K,
    batch: 1,
    outputShape: [g.B, g.OH, g.OW, g.CO],
    epilogue: makeEpilogue(Boolean(bias), activation as FusedActivation, attrs.leakyreluAlpha as number | undefined),
  };
  return runGemm(backend, spec, [x, filter], bias ?? undefined);
}
