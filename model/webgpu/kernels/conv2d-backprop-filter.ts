/**
 * `Conv2DBackpropFilter` (NHWC): the filter gradient as an implicit matrix product
 *   dw[ky, kx, ci, co] = sum over (b, oy, ox) of x[b, oy·s - pad + ky, ox·s - pad + kx, ci] · dy[b, oy, ox, co]
 * i.e. C[M = FH·FW·Cin, N = Cout] = A[M, K = B·OH·OW] · dY[K, N]. K is large and M x N
 * small, so this is where the product splits K across workgroups (run-gemm.ts).
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { NO_EPILOGUE } from '../epilogue';
import type { GemmSpec } from '../gemm-program';
import { runGemm } from '../run-gemm';
import { allFloat32, loaderFromIndex, nhwcConvInfo } from './conv-common';

export function fastConv2DBackpropFilter(
  backend: WebGPUBackend,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo | null {
  if (!allFloat32(x, dy)) return null;
  const c = nhwcConvInfo(x.shape, attrs.filterShape as number[], attrs);
  if (!c) return null;
  const g = {
    B: c.batchSize, IH: c.inHeight, IW: c.inWidth, CI: c.inChannels,
    OH: c.outHeight, OW: c.outWidth, CO: c.outChannels,
    FH: c.filterHeight, FW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth,
    PT: c.padInfo.top, PL: c.padInfo.left,
  };
  const M = g.FH * g.FW * g.CI;
  const N = g.CO;
  const K = g.B * g.OH * g.OW;
  const xVec4 = g.CI % 4 === 0; // 4 consecutive m = 4 consecutive input channels
  const dyVec4 = g.CO % 4 === 0;
  const loaders = [
    loaderFromIndex('A', 'X', xVec4, 'first', `
  let ci = m % cCI;
  let t = m / cCI;
  let ky = t / cFW;
  let kx = t - ky * cFW;
  let b = k / (cOH * cOW);
  let r = k - b * cOH * cOW;
  let oy = r / cOW;
  let ox = r - oy * cOW;
  let iy = oy * cSH - cPT + ky;
  let ix = ox * cSW - cPL + kx;
  let ok = (m < uniforms.gM) & (k < uniforms.gK) & (iy >= 0) & (iy < cIH) & (ix >= 0) & (ix < cIW);
  return select(-1, ((b * cIH + iy) * cIW + ix) * cCI + ci, ok);`, ['m', 'k']),
    loaderFromIndex('B', 'DY', dyVec4, 'second', `
  return select(-1, k * cCO + n, (k < uniforms.gK) & (n < uniforms.gN));`, ['k', 'n']),
  ].join('\n');
  const spec: GemmSpec = {
    key: `convdw_${xVec4}_${dyVec4}`,
    variableNames: ['X', 'DY'],
    variableComponents: [xVec4 ? 4 : 1, dyVec4 ? 4 : 1],
    aVec: 'm',
    bVec: 'n',
    geometry: g,
    loaders,
    outIndex: 'fn outIndex(batch: i32, m: i32, n: i32) -> i32 { return m * cCO + n; }',
    M,
    N,
    K,
    batch: 1,
    outputShape: [g.FH, g.FW, g.CI, g.CO],
    epilogue: NO_EPILOGUE,
  };
  return runGemm(backend, spec, [x, dy]);
}
