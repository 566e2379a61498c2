/**
 * `Conv2DBackpropInput` (NHWC): the input gradient, which is also the forward pass of a
 * transposed convolution. For stride s it splits into s x s phases by output parity
 * (sub-pixel decomposition): input row iy only receives filter rows ky ≡ (iy + pad) mod s,
 * so each phase is a dense implicit product with no multiplications by the zeros that a
 * zero-inserted ("dilated dy") formulation would do (4x fewer FLOPs at stride 2):
 *   dx[b, iy, ix, ci] = sum over (ty, tx, co) of dy[b, qy - ty, qx - tx, co] · w[ry + s·ty, rx + s·tx, ci, co]
 * with ry = (iy + pad) mod s and qy = (iy + pad - ry) / s. Per phase:
 * C[M = B·ny·nx, N = Cin] = A[M, K = Ty·Tx·Cout] · W'[K, N]. All phases write into one output.
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { NO_EPILOGUE } from '../epilogue';
import type { GemmSpec } from '../gemm-program';
import { runGemm } from '../run-gemm';
import { allFloat32, loaderFromIndex, nhwcConvInfo } from './conv-common';

const mod = (a: number, s: number) => ((a % s) + s) % s;

export function fastConv2DBackpropInput(
  backend: WebGPUBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo | null {
  if (!allFloat32(dy, filter)) return null;
  const inputShape = attrs.inputShape as number[];
  const c = nhwcConvInfo(inputShape, filter.shape, attrs);
  if (!c) return null;
  const base = {
    B: c.batchSize, IH: c.inHeight, IW: c.inWidth, CI: c.inChannels,
    OH: c.outHeight, OW: c.outWidth, CO: c.outChannels,
    FH: c.filterHeight, FW: c.filterWidth, SH: c.strideHeight, SW: c.strideWidth,
    PT: c.padInfo.top, PL: c.padInfo.left,
  };
  const vec4 = base.CO % 4 === 0; // 4 consecutive k = 4 consecutive output channels, in dy and in w
  let out: TensorInfo | undefined;
  for (let ry = 0; ry < base.SH; ry++) {
    for (let rx = 0; rx < base.SW; rx++) {
      // Input rows of this phase: iy ≡ ry - pad (mod s), from IY0 in steps of s.
      const IY0 = mod(ry - base.PT, base.SH);
      const IX0 = mod(rx - base.PL, base.SW);
      const NY = Math.max(0, Math.ceil((base.IH - IY0) / base.SH));
      const NX = Math.max(0, Math.ceil((base.IW - IX0) / base.SW));
      if (NY === 0 || NX === 0) continue;
      // Filter taps of this phase: ky = ry + s·ty < FH.
      const TY = Math.max(0, Math.ceil((base.FH - ry) / base.SH));
      const TX = Math.max(0, Math.ceil((base.FW - rx) / base.SW));
      const g = { ...base, RY: ry, RX: rx, IY0, IX0, NY, NX, TY, TX };
      const M = g.B * NY * NX;
      const N = g.CI;
      const K = TY * TX * g.CO; // 0 when the filter is smaller than the stride: the GEMM writes zeros
      const decodeM = `
  let b = m / (cNY * cNX);
  let r = m - b * cNY * cNX;
  let jy = r / cNX;
  let jx = r - jy * cNX;`;
      const decodeK = `
  let co = k % cCO;
  let t = k / cCO;
  let ty = t / max(cTX, 1);
  let tx = t - ty * cTX;`;
      const loaders = [
        loaderFromIndex('A', 'DY', vec4, 'second', `
${decodeM}${decodeK}
  let oy = (cIY0 + cSH * jy + cPT - cRY) / cSH - ty;
  let ox = (cIX0 + cSW * jx + cPL - cRX) / cSW - tx;
  let ok = (m < uniforms.gM) & (k < uniforms.gK) & (oy >= 0) & (oy < cOH) & (ox >= 0) & (ox < cOW);
  return select(-1, ((b * cOH + oy) * cOW + ox) * cCO + co, ok);`, ['m', 'k']),
        loaderFromIndex('B', 'F', vec4, 'first', `
${decodeK}
  let ky = cRY + cSH * ty;
  let kx = cRX + cSW * tx;
  return select(-1, ((ky * cFW + kx) * cCI + n) * cCO + co, (k < uniforms.gK) & (n < uniforms.gN));`, ['k', 'n']),
      ].join('\n');
      const spec: GemmSpec = {
        key: `convdx_${vec4}`,
        variableNames: ['DY', 'F'],
        variableComponents: [vec4 ? 4 : 1, vec4 ? 4 : 1],
        aVec: 'k',
        bVec: 'k',
        geometry: g,
        loaders,
        outIndex: `fn outIndex(batch: i32, m: i32, n: i32) -> i32 {${decodeM}
  return ((b * cIH + cIY0 + cSH * jy) * cIW + cIX0 + cSW * jx) * cCI + n;
}`,
        M,
        N,
        K,
        batch: 1,
        outputShape: [g.B, g.IH, g.IW, g.CI],
        epilogue: NO_EPILOGUE,
      };
      out = runGemm(backend, spec, [dy, filter], undefined, out);
    }
  }
  return out ?? null;
}
